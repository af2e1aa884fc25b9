# Erreurs de validation des textes saisis. $field est l’un des noms
# texts-field-* ci-dessous, ou le nom de champ d’un autre message.
texts-error-missing = Il manque { $field }: saisissez au moins un caractère
texts-error-too-long = Texte trop long pour { $field }: { $count } caractères, { $max } au maximum
# $handle et $email arrivent entre guillemets, comme "Alice".
texts-error-invalid-handle = Identifiant { $handle } non valide: utilisez de 2 à 32 lettres minuscules, chiffres, '.', '-' ou '_', en commençant par une lettre
texts-error-invalid-email = Adresse e-mail { $email } non valide: saisissez une adresse comme nom@example.com

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
texts-error-role-cannot-write = votre rôle dans cette organisation ({ $role }) ne permet pas de modifier les demandes: demandez à un propriétaire le rôle { $member }
