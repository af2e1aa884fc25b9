# Preferences: time zone, date format and language.

regional-title = Time zone, date format and language
regional-zone = Time zone
regional-date-as = Date as { $example }
regional-language = Language { $name }
regional-language-terminal = Language of the terminal (LANG)
regional-saved = Regional settings saved.
regional-key-letters = letters
regional-key-type-zone = type the time zone name
regional-key-complete-zone = complete the name
regional-key-choose = choose the date format or language
regional-hint-complete = complete zone
regional-invalid-zone = invalid time zone "{ $zone }": not in the tz database, use an IANA name such as Europe/Zurich or UTC (press Tab to complete, or see the tz database list of zones)
