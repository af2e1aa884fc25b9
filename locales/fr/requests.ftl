# Demandes : états, catégories, priorités, niveaux de service, la liste
# des demandes, la file des agents, le formulaire et les actions du fil.

## États, catégories et priorités des demandes tels que les écrans les montrent.

requests-state-received = Reçue
requests-state-under-review = En cours d’examen
requests-state-missing-document = Document manquant
requests-state-approved = Approuvée
requests-state-rejected = Refusée
requests-state-closed = Close
requests-category-billing = Facturation
requests-category-contract-change = Modification de contrat
requests-category-claim = Réclamation ou remboursement
requests-category-technical = Technique
requests-category-other = Autre
requests-priority-low = Basse
requests-priority-normal = Normale
requests-priority-high = Haute
requests-priority-urgent = Urgente
# $from et $to sont des noms d’états en minuscules.
requests-error-customer-change = seul le support peut faire passer une demande de l’état { $from } à l’état { $to } ; vous pouvez répondre, fournir un document manquant, retirer ou rouvrir la demande
# $allowed liste les états suivants permis, ou dit aucun.
requests-error-transition = une demande à l’état { $from } ne peut pas passer à l’état { $to } ; états suivants permis : { $allowed }

## Horloges de niveau de service. $duration est un requests-sla-duration.

requests-sla-duration = { $hours } h { $minutes }
requests-sla-met = respecté
requests-sla-missed = dépassé de { $duration }
requests-sla-overdue = en retard de { $duration }
requests-sla-paused = en pause, reste { $duration }
requests-sla-left = reste { $duration }
# $clock est l’une des expressions d’horloge ci-dessus.
requests-sla-reply = réponse : { $clock }
requests-sla-resolve = résolution : { $clock }

## Les lignes de contexte du fil. Chaque libellé précède sa valeur.

requests-context-service-level = Niveau de service :
requests-context-clocks = délai de première réponse : { $first_reply } · délai de résolution : { $resolution } (heures ouvrées)
requests-context-clocks-overdue = EN RETARD · délai de première réponse : { $first_reply } · délai de résolution : { $resolution } (heures ouvrées)
# Le niveau de service en mode simple, où un lecteur d’écran lit chaque
# point médian à voix haute.
requests-plain-clocks = délai de première réponse : { $first_reply }, délai de résolution : { $resolution }, en heures ouvrées
requests-plain-clocks-overdue = en retard, délai de première réponse : { $first_reply }, délai de résolution : { $resolution }, en heures ouvrées
requests-context-opened-from = Ouverte depuis :
requests-context-attached = Documents joints :
# Un document joint ; $kind est son type et $size la taille du fichier.
requests-context-attachment = { $title } ({ $kind }, { $size })
requests-context-participants = Participants :
requests-context-rating = Note :
requests-context-rating-value = { $rating } sur 5
requests-context-rating-comment = { $rating } sur 5 : « { $comment } »
requests-context-not-rated = pas encore notée ; appuyez sur * pour noter
requests-context-reopen-until = Réouverture possible jusqu’au :
# Le contexte du client que voient les agents ; $organisation est son nom.
requests-context-title = Contexte : { $organisation }
requests-context-contracts = Contrats :
requests-context-documents = Documents :
requests-context-no-documents = aucun joint à une demande
requests-context-recent-requests = Demandes récentes :
requests-context-no-recent-requests = aucune
requests-context-recent-request = Demande récente :

## Les vues de la liste des demandes pour les agents.

requests-view-open = Toutes ouvertes
requests-view-unassigned = Non attribuées
requests-view-mine = Les miennes
requests-view-overdue = En retard
requests-view-waiting = En attente du client
requests-view-all = Toutes

## La ligne des filtres des agents : chaque filtre actif avec la touche qui l’efface.

requests-filter-organisation = organisation { $name } (o)
requests-filter-status = état { $state } (S)
requests-filter-category = catégorie { $category } (C)
requests-filter-priority = priorité { $priority } (P)
requests-filter-mine = attribuées à moi (U)
requests-filter-unassigned = non attribuées (U)
requests-filter-overdue = en retard seulement (!)
requests-filter-words = mots « { $words } » (W)
# Les touches qui posent chaque filtre, montrées quand aucun n’est actif.
requests-filter-none = Aucun filtre · o organisation · s état · c catégorie · p priorité · u attribution · ! retard · / mots
# $filters liste les filtres actifs.
requests-filter-line = Filtres : { $filters } · Échap les efface tous

## La liste des demandes.

# Enregistré comme prochaine étape que lit le client quand un agent clôt
# une demande par « terminé, suivante » ou en lot.
requests-done-next-step = Résolue. Rouvrez cette demande si vous avez encore besoin d’aide.
requests-none-selected = Aucune demande sélectionnée ou marquée.
requests-closed-last = Close. Plus aucune demande dans cette vue.
# La portée de la liste du client, dans le titre.
requests-scope-open = ouvertes seulement
requests-scope-all = toutes
requests-marked = { $count ->
    [one] { $count } marquée
   *[other] { $count } marquées
}
# $views liste les vues de l’agent avec leurs nombres ; $marked et
# $filter sont vides ou commencent par " · ".
requests-title-staff = Demandes · { $views }{ $marked }{ $filter }
# $filter est vide ou commence par " · ".
requests-title = Demandes · { $scope } · { $visible } sur { $total }{ $filter }
requests-empty-filter = Aucune demande ne correspond au filtre.
requests-empty-filters = Aucune demande ne correspond aux filtres. Échap les efface.
requests-empty-customer = Aucune demande pour l’instant. Appuyez sur n pour en ouvrir une.
requests-empty = Aucune demande.
requests-unassigned = non attribuée
requests-assigned-to = attribuée à { $name }
requests-plain-marked = marquée
requests-plain-updated = mise à jour le { $time }
requests-plain-unread = { $count ->
    [one] { $count } non lu
   *[other] { $count } non lus
}
requests-list-loading = La liste filtrée se charge ; appuyez de nouveau sur Entrée.
requests-opened = Demande { $number } ouverte.
requests-column-number = Numéro
requests-column-organisation-subject = Organisation : objet
requests-column-subject = Objet
requests-column-status = État
requests-column-service-level = Niveau de service
requests-column-assignee = Attribuée à
requests-column-updated = Mise à jour
requests-column-unread = Non lus
# Les touches d’une question à choix numérotés ou à réponse oui ou non.
requests-key-digit-yes-no = 1-9 o n
requests-key-first-last = première, dernière demande
requests-key-show-staff = afficher la demande, son contexte et ses messages
requests-key-view = vue suivante, précédente
requests-key-mark = marquer ou démarquer pour une action en lot
requests-key-assign = m’attribuer les demandes marquées ou sélectionnées
requests-key-close-many = clore les demandes marquées ou sélectionnées
requests-key-organisation = seulement l’organisation de la demande sélectionnée, ou toutes à nouveau
requests-key-filter-status = filtrer par l’état suivant, effacer ce filtre
requests-key-filter-category = filtrer par la catégorie suivante, effacer ce filtre
requests-key-filter-priority = filtrer par la priorité suivante, effacer ce filtre
requests-key-filter-assignee = attribuées à moi, non attribuées ou toutes ; effacer ce filtre
requests-key-filter-overdue = demandes en retard seulement, ou toutes
requests-key-new = ouvrir une nouvelle demande
requests-key-search = chercher dans l’objet, l’organisation, le client ou le numéro ; effacer les mots
requests-key-clear-filters = effacer tous les filtres
requests-key-show = afficher la demande et ses messages
requests-key-open-only = afficher seulement les demandes ouvertes, ou toutes
requests-key-filter = filtrer par numéro, objet ou état
requests-key-clear-filter = effacer le filtre
requests-hint-search = chercher ces mots
requests-hint-clear-words = effacer les mots
requests-hint-keep-filter = garder le filtre
requests-hint-clear-filter = effacer le filtre

## Les invites d’action du fil.

# Prochaines étapes proposées pour chaque nouvel état, que l’agent peut
# modifier avant qu’elles soient enregistrées et montrées au client.
requests-next-step-received = Un agent va examiner votre demande.
requests-next-step-under-review = Un agent examine votre demande.
requests-next-step-missing-document = Envoyez le document que nous vous avons demandé.
requests-next-step-approved = Votre demande est approuvée ; nous la traitons.
requests-next-step-rejected = Nous ne pouvons pas accepter cette demande ; lisez notre message.
requests-next-step-closed = Terminé. Rouvrez cette demande si vous avez encore besoin d’aide.
# Enregistrée comme prochaine étape d’une demande d’effacement quand
# l’opérateur efface le compte. $date est la date UTC, AAAA-MM-JJ.
requests-next-step-erased = Vos données personnelles ont été effacées le { $date }. Les factures et les autres pièces que la loi impose de garder restent à votre organisation.
# Affiché comme auteur d’un changement d’état fait par la ligne de commande de l’opérateur.
requests-actor-operator = Opérateur
# $count est le nombre de choix.
requests-prompt-pick-state = Appuyez sur un chiffre de 1 à { $count } pour choisir le nouvel état.
requests-prompt-next-step-missing = La prochaine étape manque ; dites au client ce qui va se passer.
requests-prompt-handle-missing = Saisissez l’identifiant d’un collègue, par exemple bob.
# Les agents dont l’identifiant commence par ce qui est saisi dans la question d’attribution.
requests-prompt-agents = Agents : { $agents }
requests-prompt-agent = { $handle } ({ $name })
requests-prompt-no-agent = Aucun agent actif n’a d’identifiant qui commence par ces lettres.
requests-key-complete-handle = compléter l’identifiant
requests-prompt-pick-priority = Appuyez sur un chiffre de 1 à { $count } pour choisir la priorité.
requests-prompt-pick-document = Appuyez sur un chiffre de 1 à { $count } pour choisir le document.
requests-prompt-pick-reply = Appuyez sur un chiffre de 1 à { $count } pour choisir la réponse.
requests-prompt-words-missing = Saisissez les mots à chercher dans les articles d’aide, par exemple facture.
requests-prompt-no-article = Aucun article ne correspond ; appuyez sur Échap et cherchez d’autres mots.
requests-prompt-pick-article = Appuyez sur un chiffre de 1 à { $count } pour citer l’article.
requests-prompt-rating = Appuyez sur une touche de 1 (mauvais) à 5 (excellent).
requests-prompt-confirm-rating = Appuyez sur o pour envoyer la note ou sur n pour annuler.
requests-prompt-confirm-withdraw = Appuyez sur o pour retirer la demande ou sur n pour la garder.
requests-prompt-title-state = Changer l’état
requests-prompt-title-next-step = Prochaine étape montrée au client · nouvel état { $state }
requests-prompt-title-assignee = Attribuer à un agent (vide : à moi)
requests-prompt-title-participant = Ajouter un collègue comme participant
requests-prompt-title-priority = Définir la priorité
requests-prompt-title-document = Joindre un document
requests-prompt-title-canned = Insérer une réponse type
requests-prompt-title-article-search = Chercher dans les articles d’aide
# $words sont les mots cherchés.
requests-prompt-title-article = Citer un article d’aide · « { $words } »
requests-prompt-title-rating = Noter la résolution
requests-prompt-title-comment = Note { $rating } sur 5 · commentaire facultatif
requests-prompt-title-confirm-rating = Envoyer la note
requests-prompt-title-withdraw = Retirer la demande
requests-prompt-no-documents = Vous n’avez aucun document à joindre.
requests-prompt-no-canned = Aucune réponse type pour l’instant.
requests-prompt-no-article-words = Aucun article ne correspond à ces mots.
# o et n sont les touches qui répondent (y marche aussi).
requests-prompt-confirm-rating-plain = Envoyer la note { $rating } sur 5 sans commentaire ? o/n
requests-prompt-confirm-rating-comment = Envoyer la note { $rating } sur 5 avec le commentaire « { $comment } » ? o/n
requests-prompt-confirm-withdraw-question = Retirer et clore cette demande ? Vous pourrez la rouvrir plus tard. o/n
requests-prompt-esc-cancels = Échap annule

## Le formulaire de nouvelle demande.

requests-form-subject-missing = L’objet manque ; écrivez quelques mots qui disent de quoi parle la demande.
requests-form-message-missing = Le message manque ; décrivez ce dont vous avez besoin.
requests-form-no-article = Aucun article d’aide ne correspond encore à l’objet.
requests-form-key-category = changer la catégorie
requests-form-key-enter = passer au champ suivant ; aller à la ligne dans le message
requests-form-key-send = envoyer la demande
requests-form-key-articles = lire les articles d’aide qui correspondent à l’objet
requests-form-title = Nouvelle demande
# Libellés des champs, complétés à la même largeur à l’écran.
requests-form-subject = Objet
requests-form-category = Catégorie
requests-form-message = Message
requests-form-change-category = ← → pour changer
# Affiché quand une lettre est tapée alors que la catégorie a le focus.
requests-form-category-typed = La catégorie ne change qu’avec ← et →. Tab passe au message.
# Deux espaces séparent le libellé du texte, comme dans les lignes au-dessus.
requests-form-document-attached = Document  { $title } est joint
requests-form-document-none = Document  aucun ; n sur un document pour le joindre

## Articles d’aide proposés pendant qu’un client écrit une demande.

requests-suggestions-title = Articles d’aide pertinents
requests-suggestions-key = (Ctrl-R pour les lire) :
# $title et $category sont ceux de l’article.
requests-suggestions-reader-title = { $title } · { $category } · Tab article suivant · Échap retour à la demande

## Erreurs des cas d’utilisation des demandes. $id est un numéro.

# Complète « … est introuvable ».
requests-error-request = la demande { $id }
requests-error-document = le document { $id }
requests-error-contract = le contrat { $id }
# $handle est entre guillemets.
requests-error-agent = l’agent { $handle } ; donnez l’identifiant d’un agent actif
requests-error-colleague = le collègue { $handle } dans { $organisation } ; donnez l’identifiant d’un client de la même organisation
# Complète « non autorisé : … ».
requests-error-customers-only = seuls les clients ouvrent des demandes
requests-error-notes-agents-only = seuls les agents écrivent des notes internes
requests-error-assign-agents-only = seuls les agents attribuent des demandes
requests-error-priority-agents-only = seuls les agents définissent la priorité
requests-error-attach-customers-only = seuls les clients joignent leurs documents aux demandes
requests-error-rate-customers-only = seuls les clients notent les demandes
requests-error-conversation-customers-only = seuls les clients commencent la conversation générale
# Noms de champs qui complètent « … manque » et « … est trop long ».
requests-field-subject = l’objet
requests-field-message = le message
requests-field-next-step = la prochaine étape
requests-error-closed-reply = cette demande est close : rouvrez-la avec o, ou ouvrez une nouvelle demande
requests-error-conversation-state = la conversation générale n’a pas d’état ; ouvrez une demande pour suivre un sujet
requests-error-reopen-too-late = cette demande a été close il y a plus de { $days } jours et ne peut plus être rouverte ; ouvrez plutôt une nouvelle demande
requests-error-changed-meanwhile = la demande { $number } a changé entre-temps ; consultez-la de nouveau avant de changer son état
requests-error-closed-attach = cette demande est close : rouvrez-la avant de joindre des documents
requests-error-already-follows = { $name } suit déjà cette demande
requests-error-rating-invalid = note { $rating } invalide : donnez un nombre de 1 à 5
requests-error-comment-too-long = le commentaire est trop long : { $max } caractères au plus
requests-error-rate-open = seule une demande close peut être notée ; notez-la une fois que le support l’a close
requests-error-already-rated = cette demande a déjà été notée ; une note ne se donne qu’une fois
# $key est entre guillemets.
requests-error-idempotency-key = clé d’idempotence { $key } invalide : utilisez de 16 à 64 lettres, chiffres, - ou _, par exemple un UUID aléatoire
# Prochaines étapes enregistrées quand un client retire ou rouvre une demande.
requests-next-step-withdrawn = Vous avez retiré cette demande ; rouvrez-la si vous avez encore besoin d’aide.
requests-next-step-review-again = Un agent va examiner de nouveau votre demande.

## Notifications, écrites dans la langue du destinataire.

requests-notify-message-title = Nouveau message dans { $number }
# $name a écrit dans la demande dont l’objet est $subject.
requests-notify-message-body = { $name } a écrit dans la demande « { $subject } ».
# $state est le nouvel état en minuscules.
requests-notify-state-title = { $number } est maintenant à l’état { $state }
requests-notify-state-body = Prochaine étape : { $text }
requests-notify-assigned-title = { $number } vous a été attribuée
requests-notify-assigned-body = { $name } vous a attribué la demande « { $subject } ».
requests-notify-participant-title = Vous suivez désormais { $number }
requests-notify-participant-body = { $name } vous a ajouté à la demande « { $subject } ».

## Résultats des actions du fil, montrés comme avis.

# $state et $priority sont en minuscules.
requests-done-state = La demande est maintenant à l’état { $state }.
requests-done-assigned = Attribuée à { $name }.
requests-done-assigned-many = { $count ->
    [one] { $count } demande attribuée à { $name }.
   *[other] { $count } demandes attribuées à { $name }.
}
requests-done-closed-many = { $count ->
    [one] { $count } demande close.
   *[other] { $count } demandes closes.
}
requests-done-attached = Document joint.
requests-done-priority = Priorité définie à { $priority }.
requests-done-participant = { $name } suit désormais cette demande.
requests-done-rated = Merci pour votre note.

## La commande requests par SSH, pour les personnes plutôt que les scripts.

requests-command-not-found = la demande { $number } est introuvable
# Lignes après le numéro et l’objet de `requests show` ; $state est le nom
# d’état enregistré, $time une heure ISO 8601.
requests-command-show =
    État : { $state }
    Prochaine étape : { $next_step }
    Ouverte : { $time } par { $name }
requests-role-cannot-read = Votre rôle dans cette organisation ne donne pas accès aux demandes.
requests-role-cannot-write = Votre rôle dans cette organisation permet de lire les demandes, mais pas d’en ouvrir ni d’y répondre.

## Warning sent to agents before a service-level target. $clock is one of
## requests-deadline-first-reply and requests-deadline-resolution,
## $duration a requests-sla-duration and $state the clock's words, such as
## "0h 59m left".
requests-deadline-first-reply = première réponse
requests-deadline-resolution = résolution
requests-deadline-overdue-title = { $number } : { $clock } en retard de { $duration }
requests-deadline-due-title = { $number } : { $clock } attendue dans { $duration }
requests-deadline-body = « { $subject } » de { $organisation } : { $clock } : { $state } (heures ouvrées).

# Où la demande a été ouverte, après « Ouverte depuis : ».
requests-origin-document = Documents : { $title } (nouvelle demande depuis le document)
requests-origin-new = Demandes : nouvelle demande
