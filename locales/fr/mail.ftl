# Emails and SMS. $product is the product name, "Portico". Subjects get
# the prefix "[Portico] " in the code. Each message is one line or
# paragraph of a mail; the code joins them with line breaks.

# The last paragraph of a notification mail: a request changed, a new
# message, a new document, a deadline.
mail-notice-footer = Connectez-vous à { $product } pour voir les détails.

mail-security-subject = Alerte de sécurité : { $title }
mail-security-footer = Si ce n’était pas vous, changez votre mot de passe et contactez votre opérateur.
mail-sms-security = Alerte de sécurité { $product } : { $title }

# An owner invited a colleague, who has no account yet.
mail-invitation-subject = Invitation à rejoindre { $organisation }
mail-invitation-intro = Vous êtes invité à rejoindre { $organisation } sur { $product }.
mail-invitation-login = Connectez-vous avec : { $command }
mail-invitation-code = Lorsqu’un mot de passe vous est demandé, saisissez ce code à usage unique : { $code }
mail-invitation-validity = Le code est valable { $hours ->
        [one] { $hours } heure
       *[other] { $hours } heures
    }. Vous choisirez ensuite un mot de passe et une application d’authentification.

mail-email-code-subject = Confirmez votre nouvelle adresse e-mail
mail-email-code-line = Saisissez ce code dans { $product } pour confirmer votre nouvelle adresse e-mail : { $code }
mail-email-code-validity = Le code est valable { $minutes } minutes. Si vous n’avez pas demandé ce changement, ignorez ce message.

mail-phone-code-subject = Confirmez votre numéro de téléphone
mail-sms-phone-code = { $product } : le code { $code } confirme votre numéro de téléphone, valable { $minutes } minutes.

# The daily digest lists the subjects of the held mails and SMS.
mail-digest-subject = Votre résumé quotidien
mail-digest-intro = Votre résumé { $product } : { $count ->
        [one] { $count } notification retenue
       *[other] { $count } notifications retenues
    } depuis le précédent.
