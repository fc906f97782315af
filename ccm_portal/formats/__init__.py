"""Date and time formats that override Django's for some languages (FORMAT_MODULE_PATH).

Templates name a format (`{{ value|date:"DATE_FORMAT" }}`), never write one, so each
language gets its own order and month names. Only English is overridden here: the UN's
style ("8 November 2010", a 24-hour clock) instead of Django's American default. A
format not defined here falls back to Django's for the language.
"""
