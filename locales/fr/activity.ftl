# L’écran Activité : sessions ouvertes, historique des connexions et
# actions récentes.

activity-title = Activité
activity-sessions-title = Sessions ouvertes : { $count }
# Le titre des sessions ouvertes quand ce tableau a le clavier.
activity-sessions-title-focused = Sessions ouvertes : { $count } · e terminer · ← → changer
activity-no-sessions = Aucune session ouverte.
activity-this-session = cette session
activity-current-session = C’est la session en cours : appuyez sur q pour la quitter.
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
activity-logins-title = Historique des connexions : { $count }
activity-logins-title-focused = Historique des connexions : { $count } · ← → changer
activity-no-logins = Aucune connexion enregistrée.
activity-actions-title = Actions récentes : { $count }
activity-actions-title-focused = Actions récentes : { $count } · ← → changer
activity-no-actions = Aucune action enregistrée.
# La ligne sous le tableau des connexions: la clé SSH et le client de la
# connexion choisie.
activity-login-detail = Sélection : clé { $key } · client { $client }
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
activity-outcome-code-already-used = échec : code déjà utilisé
activity-outcome-no-first-factor = échec : sans 1er facteur
activity-outcome-answer-count = échec : nombre de réponses
activity-outcome-answer-too-long = échec : réponse trop longue
activity-outcome-factor-suspended = échec : facteur suspendu
activity-outcome-throttled = échec : trop de tentatives

# Les actions récentes telles que la piste d’audit les enregistre, une
# description par action que le portail écrit ; l’identifiant est
# activity-action- suivi du nom enregistré.
activity-action-login = Connexion
activity-action-login-failed = Échec de connexion
activity-action-unusual-login = Connexion depuis un nouvel endroit
activity-action-session-ended = Session terminée
activity-action-sessions-ended = Sessions ouvertes terminées
activity-action-password-changed = Mot de passe modifié
activity-action-password-change-refused = Changement de mot de passe refusé
activity-action-password-hash-upgraded = Stockage du mot de passe renforcé
activity-action-reset-code-used = Code de réinitialisation utilisé
activity-action-recovery-code-used = Code de secours utilisé
activity-action-recovery-codes-regenerated = Nouveaux codes de secours émis
activity-action-totp-enrolled = Application d’authentification configurée
activity-action-totp-reenrolled = Application d’authentification remplacée
activity-action-totp-replay-rejected = Code d’authentification réutilisé refusé
activity-action-totp-secrets-encrypted = Secrets d’authentification chiffrés
activity-action-second-factor-check-failed = Échec de la vérification du second facteur
activity-action-factor-suspended = Facteur de connexion suspendu
activity-action-profile-changed = Profil modifié
activity-action-display-preferences-changed = Paramètres d’affichage modifiés
activity-action-regional-preferences-changed = Paramètres de langue et de région modifiés
activity-action-notification-preferences-changed = Réglages des notifications modifiés
activity-action-email-change-requested = Changement d’adresse e-mail demandé
activity-action-email-changed = Adresse e-mail modifiée
activity-action-email-change-refused = Changement d’adresse e-mail refusé
activity-action-phone-change-requested = Changement de numéro de téléphone demandé
activity-action-phone-changed = Numéro de téléphone modifié
activity-action-phone-change-refused = Changement de numéro de téléphone refusé
activity-action-consent-given = Consentement donné
activity-action-consent-withdrawn = Consentement retiré
activity-action-automation-key-added = Clé d’automatisation ajoutée par un opérateur
activity-action-automation-key-registered = Clé d’automatisation enregistrée
activity-action-automation-key-used = Clé d’automatisation utilisée
activity-action-automation-key-rejected = Clé d’automatisation refusée
activity-action-automation-key-revoked = Clé d’automatisation révoquée
activity-action-automation-key-expired = Clé d’automatisation expirée
activity-action-automation-key-expiry-notified = Avis d’expiration d’une clé d’automatisation envoyé
activity-action-organisation-switched = Organisation changée
activity-action-member-invited = Membre invité
activity-action-member-role-changed = Rôle d’un membre modifié
activity-action-member-revoked = Accès d’un membre retiré
activity-action-request-opened = Demande ouverte
activity-action-request-state-changed = État d’une demande modifié
activity-action-request-assigned = Demande attribuée
activity-action-request-priority-set = Priorité d’une demande fixée
activity-action-request-rated = Demande notée
activity-action-participant-added = Participant ajouté à une demande
activity-action-document-attached = Document joint à une demande
activity-action-document-uploaded = Document déposé
activity-action-document-added = Document ajouté par un opérateur
activity-action-document-downloaded = Document téléchargé
activity-action-document-deleted = Document supprimé
activity-action-legal-hold-set = Document placé sous conservation légale
activity-action-legal-hold-released = Conservation légale levée
activity-action-command-run = Commande exécutée par SSH
activity-action-personal-data-exported = Données personnelles exportées
activity-action-export-refused = Export refusé
activity-action-erasure-requested = Effacement du compte demandé
activity-action-account-erased = Compte effacé
activity-action-deadline-warned = Alerte d’échéance envoyée
activity-action-outbox-retried = Nouvel essai d’envoi des notifications
activity-action-user-added = Compte ajouté
activity-action-user-reset = Compte réinitialisé par un opérateur
activity-action-user-disabled = Compte désactivé
activity-action-user-enabled = Compte réactivé
activity-action-key-added = Clé SSH ajoutée
activity-action-users-listed = Comptes listés
activity-action-audit-verified = Piste d’audit vérifiée
activity-action-audit-exported = Piste d’audit exportée
# Une action que cette version n’écrit pas, comme celle d’une version
# antérieure ; $name est son nom enregistré, avec des espaces pour - _ et .
activity-action-unknown = Autre action : { $name }
activity-action-unnamed = Autre action

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
