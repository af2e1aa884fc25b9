# Erreurs de validation des textes saisis. $field est l’un des noms
# texts-field-* ci-dessous, ou le nom de champ d’un autre message.
texts-error-missing = Il manque { $field } : saisissez au moins un caractère
texts-error-too-long = Texte trop long pour { $field } : { $count } caractères, { $max } au maximum
# $handle et $email arrivent entre guillemets, comme "Alice".
texts-error-invalid-handle = Identifiant { $handle } non valide : utilisez de 2 à 32 lettres minuscules, chiffres, '.', '-' ou '_', en commençant par une lettre
texts-error-invalid-email = Adresse e-mail { $email } non valide : saisissez une adresse comme nom@example.com

# Noms des valeurs vérifiées, tels qu’ils se lisent dans les erreurs
# ci-dessus.
texts-field-name = le nom
texts-field-title = le titre
texts-field-file-name = le nom du fichier
texts-field-key-name = le nom de la clé
texts-field-reply = la réponse

# Un client sans rôle dans l’organisation actuelle.
texts-role-none = aucun
# $role est le rôle du client dans l’organisation, $member le nom du rôle
# membre.
texts-error-role-cannot-write = votre rôle dans cette organisation ({ $role }) ne permet pas de modifier les demandes : demandez à un propriétaire le rôle { $member }

# Un script a envoyé une clé d’idempotence (--key) déjà utilisée par une
# autre écriture.
texts-error-idempotency-key-taken = la clé d’idempotence { $key } a déjà servi à une autre écriture ; choisissez une nouvelle clé aléatoire

# Dépôts de fichiers; $size et $max sont en octets, max_document_bytes
# est le réglage qui fixe la limite.
texts-error-file-too-large = le fichier est trop volumineux : { $size } octets, la limite est de { $max } octets (max_document_bytes)
texts-error-file-empty = le fichier est vide
texts-error-upload-customers-only = seuls les clients déposent des documents dans leurs demandes
texts-error-upload-closed = cette demande est close : ouvrez une nouvelle demande pour envoyer des documents
texts-upload-message = Envoi de { $title } ({ $size }) par SFTP ; le fichier est joint à cette demande.

# Nouvelle configuration de la connexion à deux facteurs après une
# réinitialisation par un opérateur.
texts-error-no-pending-reset = ce compte n’a pas de réinitialisation en attente : changez le mot de passe dans Préférences
texts-error-password-first = choisissez d’abord un nouveau mot de passe, puis configurez l’application d’authentification
texts-error-enrolment-code-wrong = ce code ne correspond pas : saisissez les 6 chiffres que votre application affiche maintenant
texts-error-already-enrolled = ce compte a déjà un second facteur

# Pourquoi Portico a mis fin à une session, affiché après « Portico a mis
# fin à cette session : ».
texts-session-ended-restart = le service redémarre ; reconnectez-vous dans un instant
texts-session-ended-reset = compte réinitialisé par un opérateur
texts-session-ended-disabled = compte désactivé par un opérateur
texts-session-ended-role-changed = votre rôle dans l’organisation a changé
texts-session-ended-access-revoked = votre accès à l’organisation a été retiré
texts-session-ended-erased = compte effacé
texts-session-ended-password-changed = mot de passe changé
texts-session-ended-app-replaced = application d’authentification remplacée
texts-session-ended-by-user = fermée par vous depuis une autre session

# Messages d’état du serveur SFTP, affichés par les clients SFTP.
texts-sftp-invalid-path = chemin non valide
texts-sftp-no-such-file = fichier ou dossier introuvable
texts-sftp-too-many-files = trop de fichiers ouverts : { $max } au maximum
texts-sftp-not-a-folder = ce n’est pas un dossier
# $max est en octets.
texts-sftp-file-too-large = le fichier est trop volumineux : la limite est de { $max } octets
texts-sftp-unsupported = non pris en charge par ce serveur
# Un handle SFTP est l’identifiant d’un fichier ouvert, pas celui d’un compte.
texts-sftp-invalid-handle = descripteur de fichier non valide
# REQUEST est un chemin à recopier tel quel, avec le numéro de la demande.
texts-sftp-read-only-upload-here = lecture seule : déposez plutôt dans /uploads/REQUEST/
texts-sftp-upload-failed = le dépôt a déjà échoué
texts-sftp-invalid-offset = position non valide
texts-sftp-read-only = lecture seule
texts-sftp-no-delete = les documents ne peuvent pas être supprimés par SFTP
texts-sftp-no-mkdir = impossible de créer des dossiers
texts-sftp-no-rmdir = impossible de supprimer des dossiers
texts-sftp-no-rename = impossible de renommer des fichiers
texts-sftp-no-links = il n’y a pas de liens
texts-sftp-no-symlink = impossible de créer des liens

# Valeurs non valides des options de commande et des dates. $value arrive
# entre guillemets; $names liste les valeurs acceptées, à taper telles
# quelles.
texts-error-invalid-choice = { $what } { $value } non valide : choisissez parmi { $names }
texts-error-invalid-date = { $what } { $value } non valide : saisissez une date au format AAAA-MM-JJ, comme 2026-03-01
texts-option-request-state = état de demande
texts-option-document-kind = type de document
texts-option-since-date = date --since

# Messages de déconnexion, que les clients SSH affichent après la
# fermeture de la connexion. $reason est l’une des raisons
# texts-session-ended-*.
texts-disconnect-server-stopping = le serveur s’arrête
texts-disconnect-session-ended = session terminée : { $reason }
texts-disconnect-max-length = la session a atteint sa durée maximale ; reconnectez-vous
