# Préférences : fuseau horaire, format de date et langue.

regional-title = Fuseau horaire, format de date et langue
regional-zone = Fuseau horaire
regional-date-as = Date au format { $example }
regional-language = Langue { $name }
regional-language-terminal = Langue du terminal (LANG)
regional-saved = Réglages régionaux enregistrés.
regional-key-letters = lettres
regional-key-type-zone = saisir le nom du fuseau horaire
regional-key-complete-zone = compléter le nom
regional-key-choose = choisir le format de date ou la langue
regional-hint-complete = compléter le fuseau
regional-invalid-zone = fuseau horaire « { $zone } » non valable : absent de la base tz, utilisez un nom IANA comme Europe/Zurich ou UTC (Tab complète le nom ; la base tz donne la liste des fuseaux)
