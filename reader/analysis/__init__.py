"""The analysis of two documents: paragraph alignment, descriptor contrasts, word differences, the Comparison
and its reports. Plain Python: no Textual or Rich."""
