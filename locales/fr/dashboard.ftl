# Le tableau de bord et le centre de notifications.

dashboard-key-notifications = ouvrir le centre de notifications
dashboard-key-new-request = ouvrir une nouvelle demande
dashboard-key-documents = documents : les lire et les filtrer
dashboard-key-requests = demandes : en suivre ou en ouvrir une
dashboard-key-messages = messages : les lire et répondre

# Le délai avant une échéance de contrat.
dashboard-today = aujourd’hui
dashboard-in-days = { $count ->
    [one] dans { $count } jour
   *[other] dans { $count } jours
}
# Début d’une ligne d’échéance ; $when est l’un des deux textes ci-dessus.
dashboard-deadline-when = { $when } :
# Une échéance : son libellé et le numéro de son contrat.
dashboard-deadline = { $label }, contrat { $number }
dashboard-plain-deadline = { $label }, contrat { $number }, { $date }
dashboard-plain-contract = Contrat { $number }, { $product }
dashboard-contract-active = actif
# Le nom du centre de notifications dans le titre du mode simplifié.
dashboard-centre-name = Notifications

dashboard-security-alert = Alerte de sécurité : { $title }
dashboard-security-alert-more = { $more ->
    [one] Alerte de sécurité : { $title } (et { $more } autre)
   *[other] Alerte de sécurité : { $title } (et { $more } autres)
}
dashboard-security-alert-hint = touche 6 pour l’historique des connexions
dashboard-plain-security-alert = Alerte de sécurité : { $title }, { $count } en tout ; touche 6 pour l’historique des connexions

dashboard-active-contracts = Contrats actifs : { $count }
dashboard-no-contract = Aucun contrat actif.
dashboard-deadlines = Échéances à venir : { $count }
dashboard-no-deadline = Aucune échéance dans les prochains mois.
dashboard-documents = { $new ->
    [one] Documents : { $count }, dont { $new } nouveau
   *[other] Documents : { $count }, dont { $new } nouveaux
}
# Le titre du panneau des documents quand le précédent ne tient pas.
dashboard-documents-short = Documents : { $count } (+{ $new })
# Marque un nouveau document dans la liste des documents récents.
dashboard-document-new = nouveau
dashboard-no-document = Aucun document pour l’instant.
dashboard-open-requests = Demandes en cours : { $count }
# Les agents voient les demandes en cours de toutes les organisations.
dashboard-open-requests-all = Demandes en cours, toutes organisations : { $count }
dashboard-no-request = Aucune demande en cours.
# Les agents voient l’organisation avant l’objet de chaque demande.
dashboard-request-organisation = { $organisation } :

dashboard-unread-messages = { $count ->
    [one] { $count } message non lu
   *[other] { $count } messages non lus
}
dashboard-unread-notifications = { $count ->
    [one] { $count } notification non lue
   *[other] { $count } notifications non lues
}
# $messages et $notifications sont les deux décomptes ci-dessus.
# Sous une liste du tableau de bord en mode simple qui ne montre que ses
# premiers éléments ; $key est la touche chiffrée de l’écran qui les liste tous.
dashboard-plain-partial = Liste partielle : { $shown } sur { $count } ; { $key } pour tout voir.
dashboard-plain-unread = Messages : { $messages } ; notifications : { $notifications }
dashboard-messages-hint = touche 4 pour les lire
dashboard-no-unread-messages = Aucun message non lu
dashboard-notifications-hint = touche N
dashboard-no-unread-notifications = Aucune notification non lue (N)

# États des documents.
dashboard-document-status-new = nouveau
dashboard-document-status-read = lu
dashboard-document-status-archived = archivé

# Le centre de notifications.
dashboard-centre-title = { $unread ->
    [one] Notifications · { $unread } non lue sur { $count }
   *[other] Notifications · { $unread } non lues sur { $count }
}
dashboard-no-notifications = Aucune notification pour l’instant.
dashboard-notification-text = { $title } : { $body }
dashboard-notification-new = nouvelle
dashboard-notification-read = lue
dashboard-column-time = Heure
dashboard-column-kind = Type
dashboard-column-notification = Notification
dashboard-already-read = Déjà lue.
dashboard-marked-read = Marquée comme lue.
dashboard-all-marked-read = { $count ->
    [one] { $count } notification marquée comme lue.
   *[other] { $count } notifications marquées comme lues.
}
dashboard-unread-notification = notification non lue { $id }
dashboard-key-first-last = première, dernière notification
dashboard-key-mark-read = marquer la notification comme lue
dashboard-key-mark-all-read = tout marquer comme lu
dashboard-key-back = retour au tableau de bord

# Types de notifications.
dashboard-kind-status-change = Changement d’état
dashboard-kind-new-message = Nouveau message
dashboard-kind-new-document = Nouveau document
dashboard-kind-deadline = Échéance
dashboard-kind-security-alert = Alerte de sécurité

# Le tableau de bord des agents : la file par vue et ses demandes les plus urgentes.
dashboard-queue-title = Votre file · 3 pour la traiter
dashboard-queue-count = { $view } : { $count }
dashboard-urgent-title = Les plus urgentes : { $count }
dashboard-urgent-none = Aucune demande ouverte.
dashboard-urgent-request = { $number } { $organisation } : { $subject }

# La dernière ligne d’un panneau du tableau de bord dont la liste ne tient pas
# ou est plus longue que ce qu’il montre ; $key est la touche qui liste tout.
dashboard-more = ▼ { $count } de plus · { $key } pour tout voir
