# Texts of the SSH layer outside the screens: the login prompts, the
# lines written to a channel before or after the full-screen session, and
# the exec commands' messages.

# The keyboard-interactive login; the code puts a space after each prompt.
ssh-login-name = Connexion à deux facteurs Portico
ssh-login-second-factor = Code de l’application d’authentification (6 chiffres) ou code de secours :
ssh-login-enrol = Ce compte n’a pas encore d’application d’authentification. Appuyez sur Entrée pour en configurer une :

ssh-needs-terminal = Portico est une application plein écran et a besoin d’un terminal : connectez-vous avec ssh -t { $handle }@HOST
ssh-automation-shell = les clés d’automatisation ne peuvent que lancer des commandes, par exemple : ssh HOST documents ls
ssh-enrolment-unavailable = Portico ne peut pas lancer la configuration du second facteur pour le moment ; réessayez plus tard.
ssh-idle-closed = Portico a fermé cette session après une période sans activité du clavier.
# $reason is stored in English, such as "ended by the user from another session".
ssh-session-ended = Portico a mis fin à cette session : { $reason }.

# Exec commands, `ssh HOST COMMAND`. Errors are printed after "portico: ".
ssh-exec-not-utf8 = la commande n’est pas en UTF-8 valide
ssh-exec-unterminated-quote = la commande contient un guillemet ou un échappement non fermé
ssh-exec-command-missing = il manque une commande ; voyez la liste ci-dessus
# $error is the command-line parser's message, in English.
ssh-exec-usage = { $error } ; lancez help pour la liste des commandes
ssh-exec-invalid-command = commande invalide
ssh-exec-read-only = cette clé est en lecture seule et ne peut pas lancer de commandes qui modifient des données
ssh-exec-enrol-first = configurez d’abord votre second facteur : connectez-vous avec ssh -t { $handle }@HOST
ssh-exec-stdin-timeout = pas de fin d’entrée en { $seconds } secondes ; envoyez le message par un tube, par exemple : commande < fichier
ssh-exec-stdin-too-large = l’entrée dépasse { $bytes } octets
ssh-exec-stdin-not-utf8 = l’entrée n’est pas du texte UTF-8 valide
ssh-exec-json-failed = impossible d’écrire le JSON : { $error }
# The last line of `ssh HOST help`.
ssh-exec-exit-codes = Codes de sortie : 0 succès, 1 échec, 2 erreur d’utilisation, 3 introuvable, 4 non autorisé.
