# Seconds facteurs : l’activation du TOTP, le nouveau mot de passe après une
# réinitialisation, les nouveaux codes de secours, une nouvelle application
# d’authentification et la demande de code récent.

factors-cancelled = Annulé.
factors-checking = Vérification du code…
factors-code-label = Code :
factors-code-missing = Saisissez le code affiché par votre application d’authentification, ou un code de secours.
factors-codes-issued = Nouveaux codes de secours émis ; les anciens ne fonctionnent plus.
factors-key-back = retour aux Préférences
factors-key-confirm = confirmer le code
factors-key-confirm-with-code = confirmer avec le code
factors-new-codes-title = Nouveaux codes de secours
factors-new-app-title = Nouvelle application d’authentification
factors-your-codes-title = Vos nouveaux codes de secours
factors-confirm-intro = Confirmez votre identité : saisissez le code à 6 chiffres affiché maintenant par votre application d’authentification, ou un code de secours inutilisé, puis appuyez sur Entrée.
# $note est l’une des phrases factors-qr-*.
factors-new-app-add = Ajoutez ce compte à la nouvelle application d’authentification. { $note }
factors-new-app-then = Saisissez ensuite le code à 6 chiffres affiché par la nouvelle application et appuyez sur Entrée. L’ancienne application cessera alors de fonctionner.
factors-write-codes = Notez ces codes de secours ; chacun ne sert qu’une fois, et ils ne sont affichés que maintenant :

# La phrase qui précède le secret d’une application d’authentification.
factors-qr-failed = Le QR code n’a pas pu être dessiné ; saisissez ce secret dans l’application :
# $width et $height sont la taille de terminal nécessaire au QR code.
factors-qr-too-small = Cette fenêtre est trop petite pour le QR code ({ $width }x{ $height } nécessaires) ; saisissez ce secret dans l’application :
factors-qr-scan = Scannez le QR code, ou saisissez ce secret dans l’application :

# L’activation à la première connexion.
factors-enrol-title = Activer la connexion à deux facteurs
factors-enrol-intro = Votre compte a besoin d’un second facteur avant d’afficher des données.
# Étapes 1 et 3 de l’activation ; l’étape 2 est une phrase factors-qr-*.
factors-enrol-step-open = Ouvrez une application d’authentification sur votre téléphone.
factors-enrol-step-type = Saisissez le code à 6 chiffres affiché par l’application, puis appuyez sur Entrée.
factors-enrol-code-missing = Saisissez le code à 6 chiffres affiché par votre application d’authentification.
factors-enrol-key-continue = continuer vers le portail
factors-enrol-key-type = saisir le code
factors-enrol-key-delete = effacer un chiffre
factors-enrolled-title = La connexion à deux facteurs est activée
factors-enrolled-write = Notez maintenant ces codes de secours ; chacun remplace une fois un code de l’application. Appuyez sur Entrée pour continuer.

# Le nouveau mot de passe après une réinitialisation par un opérateur.
factors-renewal-title = Choisir un nouveau mot de passe
factors-renewal-intro = Un opérateur a réinitialisé ce compte. Choisissez un nouveau mot de passe, puis configurez à nouveau votre application d’authentification.
factors-onboarding-intro = Bienvenue. Choisissez un mot de passe pour ce compte, puis configurez votre application d’authentification.
factors-renewal-advice = Quelques mots sans rapport entre eux font un bon mot de passe.
factors-renewal-password = Nouveau mot de passe :
factors-renewal-password-again = Confirmer le mot de passe :
factors-renewal-missing = Saisissez d’abord un nouveau mot de passe.
factors-renewal-differ = Les deux mots de passe diffèrent ; saisissez deux fois le même nouveau mot de passe.
factors-renewal-saving = Enregistrement du mot de passe…
factors-renewal-key-save = enregistrer le mot de passe

# La demande de code récent avant une action sensible.
factors-fresh-title = Confirmer avec un code récent
# $action est l’action en mots, comme « Retirer l’accès de bob ».
factors-fresh-question = { $action } ?
factors-fresh-intro = Saisissez le code affiché maintenant par votre application d’authentification, ou un code de secours inutilisé, puis Entrée. Échap annule.

# Erreurs du service pour un second facteur récent. $action est l’un des
# textes factors-action-* ou preferences-action-*.
factors-fresh-code-needed = un code récent est nécessaire pour { $action } : saisissez le code affiché maintenant par votre application d’authentification, ou un code de secours inutilisé
factors-too-many-codes = trop de codes erronés : attendez quelques minutes, puis réessayez
factors-code-wrong = ce code est incorrect ou déjà utilisé : saisissez le code affiché maintenant par votre application d’authentification, ou un code de secours inutilisé
factors-new-secret-mismatch = ce code ne correspond pas au nouveau secret : saisissez les 6 chiffres affichés maintenant par la nouvelle application
factors-action-change-password = changer le mot de passe
factors-action-second-factors = changer les seconds facteurs dans les préférences
# Actions d’autres parties du produit qui demandent un second facteur récent.
factors-action-change-role = changer le rôle d’un membre
factors-action-revoke-access = retirer l’accès d’un membre
factors-action-erasure = demander l’effacement de vos données
factors-action-export = exporter vos données

# Alertes de sécurité sur les seconds facteurs.
factors-alert-replay-title = Un code déjà utilisé a été saisi
factors-alert-replay-body = Quelqu’un qui connaît votre premier facteur a saisi, depuis { $peer }, un code d’authentification déjà utilisé. Si ce n’était pas vous, changez votre mot de passe dans les Préférences.
factors-alert-codes-title = Nouveaux codes de secours
factors-alert-codes-body = Votre compte a de nouveaux codes de secours, et les anciens ne fonctionnent plus. Si ce n’était pas vous, contactez votre opérateur.
factors-alert-app-title = Nouvelle application d’authentification
factors-alert-app-body = Votre compte utilise maintenant une nouvelle application d’authentification, et vos anciens codes de secours ne fonctionnent plus. Si ce n’était pas vous, contactez votre opérateur.
factors-alert-reset-title = Votre compte a été réinitialisé
factors-alert-reset-body = Un opérateur a réinitialisé votre mot de passe et votre application d’authentification. Vous en choisissez de nouveaux à cette connexion. Si vous ne l’avez pas demandé, contactez votre opérateur.
