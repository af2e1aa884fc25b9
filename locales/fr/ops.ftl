# Exploitation : heure du résumé quotidien et second facteur récent pour
# les exports par exec et SFTP.

ops-digest-hour-line = Résumé à : { $time }, dans votre fuseau horaire
ops-digest-hour-row = Résumé à :     { $time } (votre fuseau horaire)
ops-key-digest-hour = résumé quotidien une heure plus tard ou plus tôt
ops-digest-hour-invalid = heure de résumé { $hour } non valable : indiquez une heure de 0 à 23
