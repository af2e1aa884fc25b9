# Le cadre de chaque écran : barre d’onglets, ligne d’état, aide,
# palette de commandes, mode linéaire, questions oui/non et messages des
# commandes et des chargements.

app-screen-dashboard = Tableau de bord
app-screen-documents = Documents
app-screen-requests = Demandes
app-screen-messages = Messages
app-screen-preferences = Préférences
app-screen-activity = Activité
app-overlay-organisations = Organisations
app-overlay-privacy = Vos données et votre vie privée
app-enrolment-title = Configurer la connexion à deux facteurs

# Touches valables sur tous les écrans.
app-key-next-screen = écran suivant, précédent
app-key-screen-number = ouvrir un écran par son numéro
app-key-organisations = changer d’organisation, voir ses membres
app-key-help = afficher ou masquer cette liste
app-key-palette = chercher et exécuter une action
app-key-plain-page = page de lignes précédente, suivante
app-key-plain-page-typing = de même, aussi dans un champ de texte
# Indications de la ligne d’état.
app-hint-run = exécuter
app-hint-keys = touches

# Questions oui/non de la ligne d’état : o (ou y) accepte.
app-question-quit = Quitter Portico ? o/n
app-question-discard-reply = Abandonner cette réponse ? o/n
app-question-discard-request = Abandonner cette demande ? o/n
app-question-end-session = Fermer la session sélectionnée ? Elle est fermée immédiatement. o/n
app-question-register-automation-key = Enregistrer cette clé ? Elle exécute des commandes sans code jusqu’à son expiration. o/n
app-question-revoke-automation-key = Révoquer la clé d’automatisation sélectionnée ? Les tâches qui l’utilisent s’arrêtent immédiatement. o/n

# L’aide et le contrôle de la taille de la fenêtre.
app-help-title = Touches : { $screen }
app-help-footer = Échap ou ? ferme cette liste
# Le compte sous une liste de touches plus haute que la fenêtre, avant
# app-help-scroll.
app-help-more-below = { $count ->
    [one] ▼ { $count } touche de plus en dessous.
   *[other] ▼ { $count } touches de plus en dessous.
}
app-help-more-above = { $count ->
    [one] ▲ { $count } touche au-dessus.
   *[other] ▲ { $count } touches au-dessus.
}
app-help-more = ▲ { $above } au-dessus, ▼ { $below } en dessous.
# Les touches de défilement, après le nombre de touches au-dessus et en
# dessous ou sur une ligne à elles.
app-help-scroll = ↑ ↓ Pg préc Pg suiv pour défiler.
app-too-small = Fenêtre trop petite : { $min_cols }x{ $min_rows } nécessaires, celle-ci fait { $cols }x{ $rows }. Agrandissez-la pour continuer.
# Le préfixe des erreurs dans la ligne d’état.
app-error = Erreur : { $text }

# La palette de commandes.
app-palette-title = Exécuter une action
app-palette-find = Chercher :
app-palette-no-match = Aucune action ne correspond.
app-palette-plain = Exécuter une action. Chercher : { $query }
app-palette-go-to = ouvrir l’écran { $screen }
app-palette-key-move = passer d’une action à l’autre
app-palette-key-run = exécuter l’action

# Le mode linéaire pour les lecteurs d’écran.
# Le titre quand une vue est ouverte dans un écran, comme
# « Notifications, dans Tableau de bord, écran 1 sur 6 ».
app-plain-heading-view = { $view }, dans { $screen }, écran { $number } sur { $count }. ? touches, : actions
app-plain-heading = { $screen }, écran { $number } sur { $count }. ? touches, : actions
app-plain-keys = Touches
app-plain-key = { $key } : { $action }
# La position de l’élément sélectionné, comme « 3 sur 12 ».
app-plain-position = { $number } sur { $count }
# Pagination d’une vue linéaire plus haute que la fenêtre. $back et $forward
# nomment les touches de pagination, comme [ et ].
app-plain-hidden = { $count ->
    [one] { $count } ligne masquée plus haut. { $back } et { $forward } pour la lire.
   *[other] { $count } lignes masquées plus haut. { $back } et { $forward } pour les lire.
}
app-plain-page = Page { $page } sur { $pages }. { $back } avant, { $forward } après, Échap vers le focus.

# Listes.
app-list-filter = filtre « { $text } »
app-list-filter-field = Filtre :

# Écrans en attente de leurs données.
app-could-not-load-screen = Impossible de charger cet écran ; voir l’erreur ci-dessous.
# Un chargement échoué : $what est l’un des noms app-load-... ci-dessous.
app-load-failed = impossible de charger { $what } : { $message }
app-load-dashboard = le tableau de bord
app-load-documents = les documents
app-load-contracts = les contrats
app-load-document = le document
app-load-requests = les demandes
app-load-request = la demande
app-load-messages = les messages
app-load-profile = le profil
app-load-recovery-codes = les codes de secours
app-load-activity = l’activité
app-load-notifications = les notifications
app-load-help-articles = les articles d’aide
app-load-organisations = vos organisations
app-load-members = les membres
app-load-privacy = les informations de confidentialité
app-load-notification-settings = les réglages des notifications
app-load-automation-keys = les clés d’automatisation

# La connexion à la base de données et l’inactivité.
app-database-lost = Connexion à la base de données perdue ; nouvel essai…
app-database-restored = Connexion à la base de données rétablie.
app-idle-warning = { $secs ->
    [one] Aucune touche depuis un moment : cette session se ferme dans { $secs } seconde si vous n’appuyez sur aucune touche.
   *[other] Aucune touche depuis un moment : cette session se ferme dans { $secs } secondes si vous n’appuyez sur aucune touche.
}

# Un autre agent travaille dans la demande qu’un agent a ouverte.
app-another-agent = Un autre agent
app-agent-typing = { $name } écrit dans cette demande.
app-agent-answered = { $name } vient de répondre à cette demande.

# Erreurs des commandes et des chargements.
app-error-not-found = { $what } introuvable
app-error-forbidden = non autorisé : { $reason }
app-error-database = la base de données n’est pas disponible, réessayez dans un instant
app-error-internal = une erreur interne s’est produite : { $detail }
app-error-enrol-first = configurez d’abord votre application d’authentification
app-error-already-enrolled = ce compte a déjà une application d’authentification
app-note-saved = Note interne enregistrée.
app-automation-key-registered = Clé d’automatisation { $fingerprint } enregistrée.
app-automation-key-revoked = Clé d’automatisation { $fingerprint } révoquée ; elle ne permet plus de se connecter.

# États des demandes, catégories des demandes et types de documents.
