# Les descriptions du mode linéaire simple pour les formulaires, les
# étapes du second facteur et les invites, pour les lecteurs d’écran.
plain-field = { $label } : { $value }
plain-field-empty = { $label } : vide
# Le champ actif quand il est vide : le curseur suit les deux-points.
plain-field-blank = { $label } (vide) :
# Un champ masqué (mot de passe, code) : seulement le nombre de caractères.
plain-secret = { $label } : { $count ->
        [0] rien de saisi
        [one] 1 caractère saisi
       *[other] { $count } caractères saisis
    }
plain-text-lines = { $label }, { $count } lignes :
plain-text-last-line = { $label }, dernière ligne : { $value }
plain-choice = { $label } : { $value }, ← → pour changer
# Une touche d’un formulaire, comme « Entrée pour envoyer ».
plain-key = { $key } pour { $action }
plain-keys = Touches : { $keys }

## Le formulaire de nouvelle demande.
plain-request-form-sending = Nouvelle demande, envoi…
plain-request-form-document = Document joint : { $title }
plain-request-form-no-document = Document joint : aucun ; appuyez sur n sur un document pour le joindre
plain-suggestions = Articles d’aide qui pourraient y répondre, Ctrl-K pour les lire :
plain-suggestion = { $title }, { $category }
