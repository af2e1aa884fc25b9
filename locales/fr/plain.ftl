# Les descriptions du mode linéaire simple pour les formulaires, les
# étapes du second facteur et les invites, pour les lecteurs d’écran.
plain-field = { $label } : { $value }
plain-field-empty = { $label } : vide
# Le champ actif quand il est vide : le curseur suit les deux-points.
plain-field-blank = { $label } (vide) :
# Un champ masqué (mot de passe, code) : seulement le nombre de caractères.
plain-secret = { $label } : { $count ->
        [0] rien de saisi
        [one] 1 caractère saisi
       *[other] { $count } caractères saisis
    }
plain-text-lines = { $label }, { $count ->
        [one] { $count } ligne
       *[other] { $count } lignes
    } :
plain-text-last-line = { $label }, dernière ligne : { $value }
plain-choice = { $label } : { $value }, ← → pour changer
# Une touche d’un formulaire, comme « Entrée pour envoyer ».
plain-key = { $key } pour { $action }
plain-keys = Touches : { $keys }

## Le formulaire de nouvelle demande.
plain-request-form-sending = Nouvelle demande, envoi…
plain-request-form-document = Document joint : { $title }
plain-request-form-no-document = Document joint : aucun ; appuyez sur n sur un document pour le joindre
plain-suggestions = Articles d’aide qui pourraient y répondre, Ctrl-R pour les lire :
plain-suggestion = { $title }, { $category }

## Mots de passe et seconds facteurs.
plain-qr-unreadable = Le code QR ne peut pas être lu à voix haute. Saisissez plutôt ce secret dans l’application, ou ouvrez le lien otpauth sur un appareil qui a l’application.
# Le secret base32 par groupes de quatre caractères, comme « JBSW Y3DP ».
plain-secret-groups = Secret, par groupes de quatre : { $secret }
plain-otpauth-uri = Lien : { $uri }
plain-new-app-add = Ajoutez ce compte à la nouvelle application d’authentification.
plain-recovery-code = { $number }. { $code }

## Formulaires des préférences.
# Le titre d’un formulaire pendant l’enregistrement.
plain-form-saving = { $title }, enregistrement…

## Invites d’action du fil d’une demande.
# Un choix fait par son chiffre, comme « 1 : En cours d’examen ».
plain-numbered-choice = { $number } : { $label }
plain-prompt-document = { $title }, émis le { $date }
plain-prompt-next-step = Prochaine étape
plain-prompt-words = Mots
plain-prompt-comment = Commentaire

## Listes.
# Le champ de texte qui filtre ou cherche dans une liste.
plain-filter = Filtre

## Les filtres de demandes de l’agent, sur une ligne.
plain-filters = Filtres : organisation { $organisation }, état { $state }, catégorie { $category }, priorité { $priority }, attribuée à { $assignee }, en retard seulement { $overdue }, mots { $words }. Touches o s c p u ! / pour les changer, Échap les efface tous
plain-filters-none = Aucun filtre. Touches o s c p u ! / pour en choisir un
plain-filter-any = sans filtre
plain-filter-anyone = tout le monde
plain-filter-me = moi
plain-filter-unassigned = personne
