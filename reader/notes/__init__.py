"""Notes: the model and its YAML file, anchoring, link corrections, the reading session and export."""
