# Texts of the SSH layer outside the screens: the login prompts, the
# lines written to a channel before or after the full-screen session, and
# the exec commands' messages.

# The keyboard-interactive login; the code puts a space after each prompt.
ssh-login-name = Connexion à deux facteurs Portico
ssh-login-second-factor = Code de l’application d’authentification (6 chiffres) ou code de secours :
ssh-login-enrol = Ce compte n’a pas encore d’application d’authentification. Appuyez sur Entrée pour en configurer une :

ssh-needs-terminal = Portico est une application plein écran et a besoin d’un terminal : connectez-vous avec ssh -t { $handle }@HOST
ssh-automation-shell = les clés d’automatisation ne peuvent que lancer des commandes, par exemple : ssh HOST documents ls
ssh-enrolment-unavailable = Portico ne peut pas lancer la configuration du second facteur pour le moment ; réessayez plus tard.
ssh-idle-closed = Portico a fermé cette session après une période sans activité du clavier.
# $reason is stored in English, such as "ended by the user from another session".
ssh-session-ended = Portico a mis fin à cette session : { $reason }.

# Exec commands, `ssh HOST COMMAND`. Errors are printed after "portico: ".
ssh-exec-not-utf8 = la commande n’est pas en UTF-8 valide
ssh-exec-unterminated-quote = la commande contient un guillemet ou un échappement non fermé
ssh-exec-command-missing = il manque une commande ; voyez la liste ci-dessus
# $error says what is wrong in the command line.
ssh-exec-usage = { $error } ; lancez help pour la liste des commandes
ssh-exec-invalid-command = commande invalide
ssh-exec-usage-line = { $error } ; utilisation : { $usage }
ssh-exec-unknown-argument = argument inattendu « { $argument } »
ssh-exec-unknown-argument-suggested = argument inattendu « { $argument } » (vouliez-vous dire { $suggested } ?)
ssh-exec-unknown-command = commande inconnue « { $command } »
ssh-exec-unknown-command-suggested = commande inconnue « { $command } » (vouliez-vous dire { $suggested } ?)
ssh-exec-missing-value = { $option } demande une valeur
ssh-exec-invalid-value = valeur « { $value } » non valide pour { $option }
ssh-exec-invalid-value-choices = valeur « { $value } » non valide pour { $option } : choisissez parmi { $choices }
ssh-exec-missing-argument = argument obligatoire manquant : { $arguments }
ssh-exec-missing-command = { $command } demande une sous-commande : { $commands }
ssh-exec-argument-conflict = { $argument } ne peut pas être utilisé avec { $other }
ssh-exec-read-only = cette clé est en lecture seule et ne peut pas lancer de commandes qui modifient des données
ssh-exec-enrol-first = configurez d’abord votre second facteur : connectez-vous avec ssh -t { $handle }@HOST
ssh-exec-stdin-timeout = pas de fin d’entrée en { $seconds } secondes ; envoyez le message par un tube, par exemple : commande < fichier
ssh-exec-stdin-too-large = l’entrée dépasse { $bytes } octets
ssh-exec-stdin-not-utf8 = l’entrée n’est pas du texte UTF-8 valide
ssh-exec-json-failed = impossible d’écrire le JSON : { $error }
# The last line of `ssh HOST help`.
ssh-exec-exit-codes = Codes de sortie : 0 succès, 1 échec, 2 erreur d’utilisation, 3 introuvable, 4 non autorisé.

# Help of the exec commands, `ssh HOST help`: one text per command, as
# ssh-help-COMMAND-SUBCOMMAND, and per option, as ssh-help-COMMAND-OPTION.
ssh-help-heading-usage = Utilisation :
ssh-help-heading-commands = Commandes
ssh-help-flag = Affiche l’aide
ssh-help = Commandes Portico pour les scripts : lancez-en une avec `ssh -p PORT HANDLE@HOST COMMAND`
ssh-help-json = Affiche du JSON au lieu d’un tableau ; sa forme est décrite dans docs/commands.md
ssh-help-whoami = Indique sous quel compte vous êtes connecté
ssh-help-documents = Liste et télécharge les documents
ssh-help-documents-ls = Liste les documents, du plus récent au plus ancien
ssh-help-documents-ls-kind = Seulement les documents de ce type, comme invoice ou contract
ssh-help-documents-ls-since = Seulement les documents émis à cette date ou après (AAAA-MM-JJ)
ssh-help-documents-ls-search = Mots qui doivent tous figurer dans le titre ou le texte
ssh-help-documents-get = Écrit le contenu d’un document, octet par octet, sur la sortie standard
ssh-help-documents-get-id = L’identifiant du document donné par `documents ls`
ssh-help-contracts = Liste les contrats
ssh-help-contracts-ls = Liste les contrats
ssh-help-requests = Liste, affiche, ouvre les demandes et y répond
ssh-help-requests-ls = Liste les demandes
ssh-help-requests-ls-state = Seulement les demandes dans cet état, comme new ou waiting-for-customer
ssh-help-requests-ls-open = Seulement les demandes encore ouvertes
ssh-help-requests-show = Affiche une demande avec ses messages
ssh-help-requests-show-number = Le numéro de la demande, comme R-2026-000123
ssh-help-requests-new = Ouvre une demande ; le corps du message est lu sur l’entrée standard
ssh-help-requests-new-subject = La ligne d’objet
ssh-help-requests-new-category = La catégorie, comme billing ou technical ; other si absente
ssh-help-requests-reply = Répond à une demande ; le message est lu sur l’entrée standard
ssh-help-requests-reply-number = Le numéro de la demande, comme R-2026-000123
ssh-help-requests-reply-idempotency-key = Une clé aléatoire de 16 à 64 lettres, chiffres, - ou _, qui enregistre la réponse au plus une fois, quel que soit le nombre de fois où la commande est relancée avec elle
ssh-help-messages = Liste les fils de messages, des demandes et des conversations générales
ssh-help-messages-ls = Liste les fils de messages
ssh-help-messages-ls-unread = Seulement les fils avec des messages que vous n’avez pas lus
ssh-help-notifications = Liste vos notifications
ssh-help-notifications-ls = Liste les notifications, de la plus récente à la plus ancienne
ssh-help-export = Écrit sur la sortie standard une archive tar de toutes vos données et documents, comme `ssh HOST export > portico-export.tar` ; avec --json, seulement les données en JSON
