# Fils : les faits d’une demande, son historique des états et ses
# messages, les notes internes, l’éditeur de réponse et l’écran des messages.

# $count est le nombre de messages non lus.
messages-unread-marker = { $count ->
    [one] ● { $count } non lu
   *[other] ● { $count } non lus
}
messages-searching-articles = Recherche dans les articles d’aide…
messages-conversation-no-state = La conversation générale n’a pas d’état ; ouvrez une demande pour suivre un sujet.
messages-no-state-change = Cette demande ne peut pas changer d’état.
messages-closed-reopen-first = Cette demande est close ; appuyez sur o pour la rouvrir d’abord.
messages-rate-when-closed = Vous pourrez noter la demande une fois close.
messages-already-rated = Vous avez déjà noté cette demande.
messages-reply-empty = La réponse est vide ; écrivez d’abord un message.
messages-reply-sent = Réponse envoyée.
messages-key-move-cursor = déplacer le curseur
messages-key-scroll = faire défiler
messages-key-scroll-page = faire défiler d’une page
messages-key-top-newest = début, message le plus récent
messages-key-reply = répondre
messages-key-note = écrire une note INTERNE, jamais montrée au client
messages-key-canned = insérer une réponse type
messages-key-articles = chercher dans les articles d’aide et en citer un dans une réponse
messages-key-assign-me = m’attribuer la demande
messages-key-assign-other = attribuer à un autre agent
messages-key-state = changer l’état avec une prochaine étape
messages-key-priority = définir la priorité
messages-key-done-next = terminé : clore et ouvrir la demande suivante de la vue
messages-key-attach = joindre un document (fournit un document manquant)
messages-key-withdraw = retirer la demande
messages-key-reopen = rouvrir une demande close
messages-key-rate = noter une demande close
messages-key-participant = ajouter un collègue comme participant

## Les faits et l’historique du fil.

messages-not-assigned = Pas encore attribuée
messages-facts = Catégorie : { $category } · Priorité : { $priority } · État : { $state }
messages-handled-by = Traitée par : { $name }
# $organisation est l’organisation du client, $name qui a ouvert la demande.
messages-opened-by = { $organisation } · ouverte par { $name } le { $time }
# Un libellé suivi de la prochaine étape montrée au client.
messages-next-step = Prochaine étape :
messages-history-title = Historique des états
# $name est qui a changé l’état.
messages-history-change = { $from } → { $to }, par { $name }
messages-history-opened = ouverte à l’état { $to }, par { $name }
messages-history-empty = Aucun changement d’état pour l’instant.
messages-count = Messages : { $count }
# Marque un message que seul le personnel voit ; suivi de messages-internal-staff-only.
messages-internal = NOTE INTERNE
messages-internal-staff-only = réservée au personnel
messages-empty = Aucun message pour l’instant. Appuyez sur r pour en écrire un.
messages-title = Demande { $number }
messages-title-loading = Demande
messages-composer-note = NOTE INTERNE, réservée au personnel
messages-composer-reply = Réponse

## Le fil en mode texte, lu par les lecteurs d’écran.

messages-plain-request = Demande { $number } : { $subject }
messages-plain-facts = Catégorie : { $category }, priorité : { $priority }, état : { $state }
messages-plain-opened-by = { $organisation }, ouverte par { $name } le { $time }
messages-plain-next-step = Prochaine étape : { $text }
messages-plain-history = Historique des états : { $count }
messages-plain-history-change = de { $from } à { $to }, par { $name }, { $time }
messages-plain-history-opened = ouverte à l’état { $to }, par { $name }, { $time }
messages-plain-history-next-step = prochaine étape : { $text }
messages-plain-internal = note interne, réservée au personnel
messages-plain-composer-note = Note interne, réservée au personnel
# $kind est le type de message en cours, une réponse ou une note interne.
messages-plain-composer = { $kind }, { $count ->
        [one] { $count } caractère
       *[other] { $count } caractères
    } sur { $max }
messages-plain-composer-sending = envoi en cours

## L’écran des messages : la liste des fils.

# $filter est vide ou commence par " · ".
messages-list-title = Messages · { $threads ->
    [one] { $threads } fil
   *[other] { $threads } fils
}, { $unread ->
    [one] { $unread } non lu
   *[other] { $unread } non lus
}{ $filter }
messages-list-empty = Aucun message pour l’instant.
messages-list-no-match = Aucun fil ne correspond au filtre.
messages-plain-thread = { $number } { $subject }, mis à jour le { $time }
messages-plain-thread-unread = { $unread ->
    [one] { $unread } non lu
   *[other] { $unread } non lus
} sur { $count ->
    [one] { $count } message
   *[other] { $count } messages
}
messages-column-number = Numéro
messages-column-subject = Objet
messages-column-unread = Non lus
messages-column-total = Total
messages-column-updated = Mis à jour
messages-key-first-last = premier, dernier fil
messages-key-open = ouvrir le fil et le marquer comme lu
messages-key-filter = filtrer par objet ou numéro
messages-key-conversation = écrire dans la conversation générale avec le support

## La commande messages par SSH.

messages-command-empty = Aucun fil de messages.
