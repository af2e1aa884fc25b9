# L’écran Documents : la liste des documents courants ou archivés, le
# détail d’un document, ses erreurs et la commande `documents ls`.

# Titres de la liste : « Documents · tri par date · 2 sur 3 ». $sort est
# l’un des mots documents-sort-*.
documents-list-title = Documents · tri par { $sort } · { $shown } sur { $total }
documents-archive-list-title = Archives · tri par { $sort } · { $shown } sur { $total }
# Ajouté après le titre quand la liste contient une page entière.
documents-first-page = (première page : affinez par une recherche)
documents-sort-date = date
documents-sort-kind = type
documents-sort-title = titre
documents-sort-size = taille
documents-empty = Aucun document pour l’instant.
documents-empty-archive = Aucun document archivé.
documents-no-match = Aucun document ne correspond à la recherche.

# En-têtes des colonnes de la liste.
documents-column-kind = Type
documents-column-title = Titre
documents-column-date = Date
documents-column-size = Taille
documents-column-status = État

# Noms des types de documents.
documents-kind-invoice = Facture
documents-kind-contract = Contrat
documents-kind-certificate = Attestation
documents-kind-statement = Relevé
documents-kind-pay-slip = Bulletin de paie
documents-kind-letter = Courrier
documents-kind-supporting-document = Pièce justificative
documents-kind-other = Autre

# Le client a-t-il déjà ouvert le document, ou l’a-t-il rangé ?
documents-status-new = nouveau
documents-status-read = lu
documents-status-archived = archivé

# Le détail d’un document.
documents-document = Document
documents-detail-title = Document : { $title }
documents-field-kind = Type
documents-field-title = Titre
documents-field-issue-date = Date d’émission
documents-field-period = Période
documents-field-amount = Montant
documents-field-status = État
documents-field-size = Taille
documents-field-content-type = Type de contenu
documents-field-sha256 = SHA-256
documents-field-added = Ajouté le
documents-field-retention = Conservation
documents-field-contract = Contrat
documents-field-requests = Demandes
documents-field-download = Télécharger
# Précède la seconde commande de téléchargement, après celle de `sftp`.
documents-field-download-or = ou
# Un champ du détail en mode simplifié.
documents-plain-field = { $label } : { $value }
documents-no-period = aucune
documents-no-amount = aucun
documents-no-contract = aucun
documents-no-requests = aucune
# Une demande liée : numéro, objet et état.
documents-related-request = { $number } { $subject } ({ $state })
# Le contrat d’un document : numéro, produit et durée en clair.
documents-related-contract = { $number } { $product } : { $summary }
documents-kept-legal-hold = conservé : sous gel juridique
documents-kept-until = conservé jusqu’au { $date }
documents-kept-until-deleted = conservé jusqu’à sa suppression par un opérateur
documents-preview = Aperçu du texte
documents-no-preview = Aucun texte n’a pu être lu dans ce document.
documents-hint-new-request = nouvelle demande sur ce document
documents-hint-archive = archiver
documents-hint-unarchive = désarchiver

# Messages.
documents-staff-request-notice = Seuls les clients ouvrent des demandes ; le personnel y répond dans Demandes.
documents-archived = Document archivé ; a pour le ramener, ou retrouvez-le avec a dans la liste.
documents-unarchived = Document remis parmi les documents courants.

# Descriptions des touches de la liste et du détail.
documents-key-first-last = premier, dernier document
documents-key-details = afficher le détail du document
documents-key-sort = trier par date, type, titre ou taille
# Les mots suivis de « : » se tapent tels quels.
documents-key-search = chercher dans les titres et le texte ; filtres kind:, status:, year:, from:, to:
documents-key-clear-search = effacer la recherche
documents-key-archive-view = afficher les archives ou les documents courants
documents-key-contracts = afficher les contrats
documents-key-new-request = nouvelle demande sur le document
documents-key-scroll = faire défiler la fiche d’une ligne
documents-key-top-bottom = première, dernière ligne
documents-key-new-request-this = nouvelle demande sur ce document
documents-key-archive-toggle = archiver ou désarchiver le document
documents-hint-search = rechercher
documents-hint-clear-search = effacer la recherche

# Erreurs. Une erreur « introuvable » cite l’objet tel quel, donc sans
# article.
documents-error-document = document { $id }
documents-error-request = demande { $number }
documents-error-article = article { $id }
documents-error-archive-staff = seuls les clients archivent leurs documents
documents-error-archive-read-only = votre rôle dans cette organisation est en lecture seule : demandez le rôle membre à un propriétaire

# Le tableau de `documents ls` ; les en-têtes restent en majuscules.
documents-table-id = ID
documents-table-date = DATE
documents-table-kind = TYPE
documents-table-status = ÉTAT
documents-table-bytes = OCTETS
documents-table-title = TITRE
documents-table-empty = Aucun document ne correspond.
