# L’écran Activité : sessions ouvertes, historique des connexions et
# actions récentes.

activity-title = Activité
activity-sessions-title = Sessions ouvertes: { $count }
# Le titre des sessions ouvertes quand ce tableau a le clavier.
activity-sessions-title-focused = Sessions ouvertes: { $count } · e terminer · ← → changer
activity-no-sessions = Aucune session ouverte.
activity-this-session = cette session
activity-current-session = C’est la session en cours: appuyez sur q pour la quitter.
activity-session-ended = Session terminée.
activity-column-started = Début
# L’heure de la dernière touche pressée dans une session.
activity-column-last-key = Dernière touche
activity-column-peer = Adresse distante
activity-column-time = Heure
activity-column-method = Méthode
activity-column-outcome = Résultat
activity-column-action = Action
activity-column-target = Cible
activity-column-detail = Détail
activity-logins-title = Historique des connexions: { $count }
activity-logins-title-focused = Historique des connexions: { $count } · ← → changer
activity-no-logins = Aucune connexion enregistrée.
activity-actions-title = Actions récentes: { $count }
activity-actions-title-focused = Actions récentes: { $count } · ← → changer
activity-no-actions = Aucune action enregistrée.
# La ligne sous le tableau des connexions: la clé SSH et le client de la
# connexion choisie.
activity-login-detail = Sélection: clé { $key } · client { $client }
activity-no-client = non enregistré

# Méthodes de connexion, telles que l’historique les enregistre.
activity-method-password = mot de passe
activity-method-publickey = clé SSH
activity-method-totp = TOTP
activity-method-recovery-code = code de secours
activity-method-enrolment = enrôlement
activity-method-reset-code = code de réinitialisation

# Résultats de connexion, tels que l’historique les enregistre.
activity-outcome-login = connexion
activity-outcome-success = succès
activity-outcome-accepted = accepté
activity-outcome-first-factor-accepted = premier facteur accepté
activity-outcome-rejected = échec
activity-outcome-code-already-used = échec: code déjà utilisé
activity-outcome-no-first-factor = échec: sans 1er facteur
activity-outcome-answer-count = échec: nombre de réponses
activity-outcome-answer-too-long = échec: réponse trop longue
activity-outcome-factor-suspended = échec: facteur suspendu
activity-outcome-throttled = échec: trop de tentatives

# Lignes du mode simple.
activity-plain-session = Session depuis { $peer }, ouverte { $started }, dernière touche { $last }
activity-plain-login = Connexion par { $method } depuis { $peer }, { $time }

activity-key-switch = passer des sessions aux connexions et aux actions
activity-key-end = terminer la session choisie
activity-key-first-last = première, dernière entrée

# L’alerte envoyée quand un compte se connecte depuis un réseau ou avec une
# clé qu’il n’a pas utilisés depuis 90 jours.
activity-new-place-title = Connexion depuis un nouvel endroit
activity-new-place-network = Votre compte s’est connecté depuis le réseau { $network }, qu’il n’a pas utilisé depuis 90 jours (adresse { $peer }). Si ce n’était pas vous, changez votre mot de passe dans Préférences et consultez l’écran Activité.
activity-new-place-key = Votre compte s’est connecté avec la clé { $key }, qu’il n’a pas utilisée depuis 90 jours (adresse { $peer }). Si ce n’était pas vous, changez votre mot de passe dans Préférences et consultez l’écran Activité.
activity-new-place-network-key = Votre compte s’est connecté depuis le réseau { $network } et avec la clé { $key }, qu’il n’a pas utilisés depuis 90 jours (adresse { $peer }). Si ce n’était pas vous, changez votre mot de passe dans Préférences et consultez l’écran Activité.

activity-session-not-found = session ouverte { $id }
