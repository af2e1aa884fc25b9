# Préférences : le profil, ses formulaires, l’affichage, les réglages des
# notifications, les règles des mots de passe et les commandes SSH du compte.

preferences-title = Préférences
preferences-still-loading = Le profil est en cours de chargement.
preferences-handle = Identifiant
preferences-name = Nom
preferences-email = E-mail
preferences-role = Rôle
preferences-organisation = Organisation
preferences-organisation-none = aucune
preferences-totp = TOTP (deux facteurs)
preferences-totp-enrolled = configuré
preferences-totp-not-enrolled = non configuré
preferences-recovery-codes = Codes de secours
# Nombre de codes de secours inutilisés.
preferences-codes-left = { $count ->
    [one] { $count } restant
   *[other] { $count } restants
}
preferences-last-login = Dernière connexion
preferences-never = jamais
# Une information du profil en mode simplifié, comme « Rôle : client ».
preferences-fact = { $label } : { $value }
preferences-plain-keys = Touches : e modifier le nom et l’e-mail, p changer le mot de passe, r nouveaux codes de secours, a nouvelle application d’authentification, k clés d’automatisation

preferences-key-edit = modifier le nom et l’e-mail
preferences-key-password = changer le mot de passe
preferences-key-recovery = nouveaux codes de secours
preferences-key-app = nouvelle application d’authentification
preferences-key-automation = clés d’automatisation
preferences-key-privacy = vos données et votre vie privée : consentements, export, effacement
preferences-key-notifications = réglages des notifications
preferences-key-display = affichage : thème et mode simplifié
preferences-key-regional = fuseau horaire, format de date et langue
preferences-key-automation-scripts = clés d’automatisation pour les scripts
# La touche a sous le profil, où une ligne a peu de place.
preferences-hint-app = nouvelle application TOTP

preferences-edit-title = Modifier le nom et l’e-mail
preferences-password-title = Changer le mot de passe
preferences-current-password = Mot de passe actuel
preferences-new-password = Nouveau mot de passe
preferences-new-password-again = Confirmer le mot de passe
preferences-code = Code d’application ou de secours
preferences-name-missing = Le nom manque ; saisissez le nom que les autres verront.
preferences-current-password-missing = Saisissez d’abord votre mot de passe actuel.
preferences-new-password-missing = Le nouveau mot de passe manque.
preferences-passwords-differ = Les deux nouveaux mots de passe diffèrent ; saisissez deux fois le même.
preferences-code-missing = Le code manque ; saisissez le code affiché maintenant par votre application d’authentification, ou un code de secours inutilisé.
preferences-profile-saved = Profil enregistré.
preferences-password-changed = Mot de passe changé.

# Erreurs du service et alertes du compte.
# Ce qui est introuvable : « compte alice ».
preferences-account = compte { $handle }
preferences-email-needs-code = une nouvelle adresse e-mail doit être confirmée par un code qui lui est envoyé : appuyez sur n puis m dans les Préférences pour la changer
preferences-current-password-wrong = le mot de passe actuel est incorrect
preferences-alert-password-title = Mot de passe changé
preferences-alert-password-body = Votre mot de passe a été changé. Si ce n’était pas vous, contactez votre opérateur.

# Refus d’un nouveau mot de passe.
preferences-password-too-short = le mot de passe est trop court : { $count ->
        [one] { $count } caractère
       *[other] { $count } caractères
    }, il en faut au moins { $min }
preferences-password-too-long = le mot de passe est trop long : au plus { $bytes } octets en UTF-8, soit au moins { $chars } caractères
preferences-password-control = le mot de passe contient un caractère de contrôle, comme une tabulation ou un saut de ligne : utilisez uniquement des caractères imprimables et des espaces
preferences-password-service-name = le mot de passe ne doit pas contenir le nom de ce service, { $service }
preferences-password-handle = le mot de passe ne doit pas contenir l’identifiant de votre compte
preferences-password-email = le mot de passe ne doit pas contenir votre adresse e-mail
# $reason est l’une des raisons preferences-password-warning-*.
preferences-password-too-common = le mot de passe est trop courant ou trop facile à deviner ({ $reason }) : essayez quelques mots sans rapport entre eux
preferences-password-guessable = il est trop facile à deviner
preferences-password-warning-rows = les rangées de touches sont faciles à deviner
preferences-password-warning-keyboard = les motifs courts du clavier sont faciles à deviner
preferences-password-warning-repeats = les répétitions comme « aaa » sont faciles à deviner
preferences-password-warning-repeated-groups = les répétitions comme « abcabcabc » sont à peine plus difficiles à deviner que « abc »
preferences-password-warning-top10 = c’est l’un des 10 mots de passe les plus courants
preferences-password-warning-top100 = c’est l’un des 100 mots de passe les plus courants
preferences-password-warning-common = c’est un mot de passe très courant
preferences-password-warning-similar = il ressemble à un mot de passe très utilisé
preferences-password-warning-sequences = les suites comme abc ou 6543 sont faciles à deviner
preferences-password-warning-years = les années récentes sont faciles à deviner
preferences-password-warning-word = un mot seul est facile à deviner
preferences-password-warning-dates = les dates sont souvent faciles à deviner
preferences-password-warning-names = les noms et prénoms seuls sont faciles à deviner
preferences-password-warning-common-names = les noms et prénoms courants sont faciles à deviner

# Affichage : thème et mode simplifié.
preferences-display-title = Affichage
preferences-display-theme = Thème { $name }
preferences-display-plain = Mode simplifié pour lecteurs d’écran
preferences-display-saved = Réglages d’affichage enregistrés.
preferences-display-key-first-last = première, dernière ligne
preferences-display-key-choose = choisir le thème, ou activer ou désactiver le mode simplifié
preferences-display-theme-invalid = nom de thème « { $name } » non valide : utilisez des lettres, des chiffres et des tirets, { $max } caractères au plus

# Réglages des notifications : les types de notification et leurs canaux.
preferences-kind-status-change = Changement de statut
preferences-kind-new-message = Nouveau message
preferences-kind-new-document = Nouveau document
preferences-kind-deadline = Échéance
preferences-kind-security-alert = Alerte de sécurité
preferences-notify-title = Réglages des notifications
preferences-notify-kind = Type
preferences-notify-in-app = Portail
preferences-notify-email = E-mail
preferences-notify-sms = SMS
# Les alertes de sécurité partent toujours par e-mail.
preferences-notify-always = toujours
# Les canaux d’un type en mode simplifié ; $email et $sms valent activé,
# désactivé ou toujours.
preferences-notify-state = portail activé, e-mail { $email }, SMS { $sms }
# Un libellé du résumé des réglages, suivi de sa valeur.
preferences-notify-label = { $label } :
preferences-quiet-hours = Heures calmes
preferences-notify-digest = Résumé quotidien
preferences-notify-phone = Téléphone
preferences-notify-quiet-none = aucune
preferences-notify-phone-none = aucun
preferences-notify-quiet-range = de { $start } à { $end }
preferences-notify-quiet-note = Les e-mails et SMS attendent la fin des heures calmes, sauf les alertes de sécurité.
preferences-notify-loading = Les réglages sont en cours de chargement.
preferences-notify-security-email = Les alertes de sécurité partent toujours par e-mail ; seul le SMS peut être changé pour elles.
preferences-notify-saved = Réglages des notifications enregistrés.
preferences-notify-code-sms = Un code a été envoyé par SMS au nouveau numéro.
preferences-notify-code-emailed = Un code a été envoyé par e-mail à la nouvelle adresse.
preferences-notify-contact-saved = Enregistré : { $value }
preferences-notify-email-title = Changer l’adresse e-mail
preferences-notify-email-code-title = Confirmer la nouvelle adresse e-mail
preferences-notify-phone-title = Ajouter ou changer le numéro de téléphone
preferences-notify-phone-code-title = Confirmer le numéro de téléphone
preferences-notify-start = Début (HH:MM)
preferences-notify-end = Fin (HH:MM)
preferences-notify-offset = Décalage UTC (minutes)
preferences-notify-new-email = Nouvel e-mail
preferences-notify-new-phone = Nouveau numéro (+…)
preferences-notify-totp = Code d’authentification
preferences-notify-code = Code
# $value est le texte saisi, entre guillemets.
preferences-notify-offset-invalid = décalage UTC { $value } non valide : saisissez des minutes, comme 60 ou -300
preferences-notify-fill-both = Remplissez les deux champs : la nouvelle valeur et votre code d’authentification.
preferences-notify-code-missing = Saisissez le code reçu.
preferences-notify-key-kind = choisir un type
preferences-notify-key-email = activer ou désactiver l’e-mail
preferences-notify-key-sms = activer ou désactiver le SMS
preferences-notify-key-quiet = heures calmes
preferences-notify-key-digest = activer ou désactiver le résumé quotidien
preferences-notify-key-change-email = changer l’adresse e-mail
preferences-notify-key-phone = ajouter ou changer le téléphone
# $value est le texte saisi, entre guillemets.
preferences-notify-time-invalid = heure { $value } non valide : format attendu HH:MM, comme 22:00
preferences-notify-phone-invalid = numéro de téléphone { $value } non valide : saisissez-le au format international, comme +41 79 123 45 67
preferences-notify-quiet-invalid = heures calmes { $start }-{ $end } non valides : donnez des minutes après minuit, de 0 à 1439
preferences-notify-offset-out-of-range = décalage UTC de { $minutes } minutes non valide : donnez une valeur de -840 à 840
# Actions qui demandent un second facteur récent : « un code récent est
# nécessaire pour ... ».
preferences-action-change-email = changer l’adresse e-mail
preferences-action-change-phone = changer le numéro de téléphone

# Changement d’adresse e-mail ou de numéro : $channel vaut email ou phone.
# Ce qui est introuvable : « ... n’a pas été trouvé ».
preferences-contact-pending = un changement en attente de votre { $channel ->
    [email] adresse e-mail
   *[phone] numéro de téléphone
} ; recommencez le changement
preferences-contact-code-expired = le code a expiré : recommencez le changement de votre { $channel ->
    [email] adresse e-mail
   *[phone] numéro de téléphone
}
preferences-contact-code-exhausted = trop de codes erronés : recommencez le changement de votre { $channel ->
    [email] adresse e-mail
   *[phone] numéro de téléphone
}
preferences-contact-code-wrong = ce code est incorrect : saisissez le code envoyé à votre { $channel ->
    [email] nouvelle adresse e-mail
   *[phone] nouveau numéro de téléphone
} ({ $count ->
    [one] { $count } essai restant
   *[other] { $count } essais restants
})
preferences-alert-contact-title = { $channel ->
    [email] Votre adresse e-mail a été changée
   *[phone] Votre numéro de téléphone a été changé
}
preferences-alert-contact-body = { $channel ->
    [email] Votre adresse e-mail
   *[phone] Votre numéro de téléphone
} est maintenant { $value }. Si ce n’était pas vous, contactez votre opérateur.
# Envoyé à l’ancienne adresse une fois le changement confirmé.
preferences-alert-old-email-body = Le courrier de votre compte part maintenant à { $address }. Si ce n’était pas vous, contactez votre opérateur.

# Les commandes whoami et notifications ls par SSH.
preferences-column-handle = IDENTIFIANT
preferences-column-name = NOM
preferences-column-role = RÔLE
preferences-column-organisation = ORGANISATION
preferences-column-created = CRÉÉE
preferences-column-status = ÉTAT
preferences-column-kind = TYPE
preferences-column-title = TITRE
preferences-notification-read = lue
preferences-notification-unread = non lue
preferences-notifications-none = Aucune notification.
