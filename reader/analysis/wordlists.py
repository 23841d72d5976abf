"""General English word lists for finding names and descriptors: titles, organisation heads, determiners,
common verbs. They describe the language and news writing in general, never any article or entity."""

from __future__ import annotations

# Words that form titles and offices before a name ("President", "Foreign Minister", "Sen.").
TITLE_WORDS = frozenset(
    """president vice prime minister secretary director senator sen rep representative congressman
    congresswoman gov governor general gen lt col colonel maj major capt captain sgt sergeant adm admiral
    chairman chairwoman chair chief leader spokesman spokeswoman spokesperson ambassador chancellor king
    queen prince princess pope judge justice mayor attorney deputy commander speaker dr mr mrs ms sir lord
    lady sheikh ayatollah supreme acting former foreign defense defence interior finance state house senate
    majority minority whip first counsel special executive ceo founder head officer envoy premier cardinal
    bishop rabbi imam emir sultan crown commissioner superintendent sheriff inspector marshal agent
    correspondent editor anchor host professor prof assistant associate national security adviser advisor
    labor labour trade treasury health education energy homeland intelligence press white""".split()
)

# Heads of organisation and place names: a capitalised run ending in one of these does not name a person.
ORG_HEADS = frozenset(
    """ministry department committee party force forces corps council agency office court commission
    organization organisation union army navy guard guards news times post journal press network agency
    service services bureau administration government parliament assembly congress senate house company
    corporation inc ltd group bank fund foundation institute university college school association league
    alliance coalition movement front brigade brigades militia police authority board embassy consulate
    church mosque club team campaign project program programme center centre hospital airport station
    channel tv radio magazine review federation reserve commission cabinet regime command republic kingdom
    emirates tower towers plaza building hall palace hotel resort street avenue road square park bridge river
    island islands mountain mountains lake county city province region district valley gulf bay sea ocean
    peninsula strait canal border war""".split()
)

DETERMINERS = frozenset("a an the this these those his her its their our my your".split())
# Words after which the next word is a verb ("to commend", "will set", "did not address").
VERB_MARKERS = frozenset(
    "to will would can could should may might must not never did does do shall he she they we i it who".split()
)
# Participles that work as prepositions or conjunctions and never describe a name.
PREPOSITIONAL_PARTICIPLES = frozenset(
    "following including regarding concerning according during excluding considering involving given".split()
)
# Agent-noun endings: such a word is a noun ("dictator", "lawmaker", "activist") even after "to".
AGENT_ENDINGS = ("or", "er", "ist", "ian", "ant", "ent", "man", "woman", "ee", "ive")
PREPOSITIONS = frozenset(
    """of for by with to from at in on as against about into over under after before during between like unlike
    outside inside near beyond across along behind beside besides despite throughout toward towards amid amidst
    onto past per""".split()
)
# Verbs that give a lasting role when they open a relative clause ("who heads ...", "which runs ...").
ROLE_VERBS = frozenset(
    """head heads headed lead leads led run runs ran chair chairs chaired serve serves served oversee oversees
    oversaw direct directs directed command commands commanded found founded own owns owned represent
    represents represented control controls controlled manage manages managed hold holds held""".split()
)
RELATIVES = frozenset("who whom whose which".split())
COPULAS = frozenset("is was are were remains remained becomes became".split())

# Frequent news verbs (and their inflections, added below): a descriptor never runs across one.
_VERBS = """say tell said told add warn call claim report announce accuse condemn meet kill strike visit
deny confirm believe ask urge write tweet respond speak note argue insist vow threaten pledge
suggest reveal describe order sign lead launch attack defend praise criticize criticise blame slam blast
reject back support oppose seek want need plan hope try expect agree decide refuse allow help keep hold
make take give go come see know think feel say use find run win lose become remain include start end
get""".split()


def _inflect(verb: str) -> set[str]:
    forms = {verb, verb + "s", verb + "ed", verb + "ing", verb + "d"}
    if verb.endswith("e"):
        forms |= {verb[:-1] + "ing", verb + "d"}
    if verb.endswith("y"):
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied"}
    return forms


VERBS = frozenset(
    {f for v in _VERBS for f in _inflect(v)}
    | set(
        """said told met led won lost held kept made took gave went came saw knew thought felt ran struck
    sought brought began begun become is was are were be been being has have had do does did will would
    can could should may might must spoke wrote put rose sent set stood broke bought chose drew drove fell
    fought found flew got grew heard hid hit hurt laid left meant paid read rode sat sold shot shut spent
    stole swore taught threw understood wore says tells adds warns calls claims vows urges tweets""".split()
    )
)

# Words that open sentences and are never names, though capitalised there ("Later, ...", "Meanwhile ...").
SENTENCE_OPENERS = frozenset(
    """later earlier meanwhile however elsewhere separately still yet instead today yesterday tomorrow last
    next first then now also indeed moreover furthermore nevertheless nonetheless afterwards thus hence
    overall finally initially recently currently previously""".split()
)

# English given names and their common nicknames that do not share the name's first three letters (those
# that do, such as Rob and Robert, are matched by that alone).
NICKNAMES = {
    "bob": "robert",
    "bobby": "robert",
    "bill": "william",
    "billy": "william",
    "dick": "richard",
    "jim": "james",
    "jimmy": "james",
    "mike": "michael",
    "joe": "joseph",
    "chuck": "charles",
    "ted": "edward",
    "ed": "edward",
    "jack": "john",
    "peggy": "margaret",
    "meg": "margaret",
    "liz": "elizabeth",
    "beth": "elizabeth",
    "betsy": "elizabeth",
    "kate": "katherine",
    "sue": "susan",
    "larry": "lawrence",
    "jerry": "gerald",
    "hank": "henry",
    "harry": "henry",
    "tony": "anthony",
    "sandy": "alexander",
    "ned": "edward",
    "nancy": "ann",
    "molly": "mary",
    "polly": "mary",
    "dolly": "dorothy",
    "rich": "richard",
}

# Second halves of hyphenated adjectives made from a name ("Obama-era", "Saudi-led", "Iran-backed"): the
# word refers to the name before the hyphen.
COMPOUND_TAILS = frozenset(
    """era based led backed run owned born style linked allied aligned funded sponsored controlled
    dominated appointed designated related like type friendly inspired""".split()
)

# Days and months, with their abbreviations: dates, never names ("on Friday", "in Feb.").
CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
