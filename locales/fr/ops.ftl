# Exploitation : heure du résumé quotidien et second facteur récent pour
# les exports par exec et SFTP.

ops-digest-hour = Résumé à
ops-digest-hour-value = { $time }, dans votre fuseau horaire
ops-key-digest-hour = résumé quotidien une heure plus tard ou plus tôt
ops-digest-hour-invalid = heure de résumé { $hour } non valable : indiquez une heure de 0 à 23

ops-export-automation-key = les clés d'automatisation ne peuvent pas exporter de données personnelles : connectez-vous avec ssh et votre second facteur, puis lancez l'export
ops-export-no-code = cette connexion n'a utilisé ni code d'authentification ni code de secours : reconnectez-vous, saisissez un code quand il est demandé, puis relancez l'export
ops-export-stale-minutes = un export demande un second facteur saisi { $minutes ->
        [one] dans la dernière minute
       *[other] dans les { $minutes } dernières minutes
    }, et celui de cette connexion est plus ancien : reconnectez-vous avec un nouveau code d'authentification ou un code de secours inutilisé, puis relancez l'export
ops-export-stale-seconds = un export demande un second facteur saisi { $seconds ->
        [one] dans la dernière seconde
       *[other] dans les { $seconds } dernières secondes
    }, et celui de cette connexion est plus ancien : reconnectez-vous avec un nouveau code d'authentification ou un code de secours inutilisé, puis relancez l'export
