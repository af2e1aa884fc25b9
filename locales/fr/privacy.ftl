# La vue de confidentialité: les données conservées, pourquoi et combien de
# temps, les consentements et leur historique, l’export des données et la
# demande d’effacement.

privacy-held-title = Ce que Portico conserve sur vous
# Les lignes d’une finalité sous la donnée concernée; le code les décale.
privacy-why = Pourquoi : { $purpose }
privacy-kept = Conservation : { $retention }
privacy-controller = Responsable : { $controller }
privacy-consents-title = Consentements (Espace donne ou retire)
privacy-history-title = Historique des consentements · x export · E effacement
privacy-column-state = ÉTAT
privacy-column-consent = CONSENTEMENT
# La colonne de la version du texte auquel chaque consentement répond.
privacy-column-text = TEXTE
privacy-state-outdated = texte modifié, à redonner
privacy-state-given = donné
privacy-state-not-given = non donné
privacy-no-history = Aucun consentement donné ni retiré pour l’instant.
privacy-history-given = { $time }  { $topic } donné (version du texte { $version })
privacy-history-withdrawn = { $time }  { $topic } retiré (version du texte { $version })
privacy-export-action = Préparer un export de toutes vos données et de vos documents
privacy-erasure-action = Déposer une demande d’effacement de vos données personnelles ; les factures restent à votre organisation

# Lignes du mode simple.
privacy-plain-purpose = { $data }, pourquoi : { $purpose }, conservation : { $retention }
privacy-plain-consent = { $title }, version du texte { $version } : { $text }

privacy-key-choose = choisir un consentement
privacy-key-toggle = donner ou retirer le consentement
privacy-key-export = exporter toutes vos données (code récent)
privacy-key-erasure = demander l’effacement de vos données (code récent)
privacy-key-back = retour aux Préférences

privacy-topic-not-found = sujet de consentement { $key }
privacy-staff-erasure = les comptes du personnel sont effacés directement par un opérateur

# La notice de confidentialité intégrée, affichée quand la configuration
# n’a pas de table [privacy]. Les textes configurés restent tels quels.
privacy-default-controller = L’opérateur de ce serveur Portico. Écrivez-lui par une demande de catégorie « Autre ».
privacy-default-identity-data = Votre identifiant, votre nom et votre adresse e-mail
privacy-default-identity-purpose = pour vous connecter, montrer qui a écrit un message et vous informer de vos demandes
privacy-default-identity-retention = tant que votre compte existe ; effacés ou remplacés par « utilisateur effacé » quand il est effacé
privacy-default-secrets-data = Vos clés SSH, l’empreinte de votre mot de passe, le secret de votre application d’authentification et vos codes de secours
privacy-default-secrets-purpose = pour vérifier que c’est bien vous qui vous connectez
privacy-default-secrets-retention = tant que votre compte existe ; supprimés quand il est effacé
privacy-default-logins-data = Historique des connexions : heure, adresse réseau, méthode et client SSH
privacy-default-logins-purpose = pour protéger votre compte et vous montrer où il a été utilisé
privacy-default-logins-retention = tant que votre compte existe ; les données réseau sont retirées quand il est effacé
privacy-default-requests-data = Les demandes et les messages que vous écrivez
privacy-default-requests-purpose = pour traiter vos demandes avec votre organisation
privacy-default-requests-retention = conservés avec les dossiers de votre organisation ; votre nom est remplacé quand votre compte est effacé
privacy-default-documents-data = Les documents tels que factures et bulletins de paie
privacy-default-documents-purpose = pour vous remettre, à vous et à votre organisation, les documents qui vous sont dus
privacy-default-documents-retention = pendant la durée légale de conservation de chaque type (factures : 10 ans par défaut)
privacy-default-audit-data = Les entrées d’audit sur vos actions
privacy-default-audit-purpose = pour tenir un registre de sécurité infalsifiable, comme la loi sur la tenue des registres l’exige
privacy-default-audit-retention = conservées sans modification, car la piste d’audit est chaînée par empreintes
privacy-default-consents-data = Vos consentements et leur historique
privacy-default-consents-purpose = pour prouver ce que vous avez accepté et quand (RGPD, article 7)
privacy-default-consents-retention = tant que votre compte existe
privacy-default-news-title = Nouveautés du produit
privacy-default-news-text = M’envoyer de temps en temps des e-mails sur les nouvelles fonctions et les nouveaux services. Je peux retirer ce consentement à tout moment.
privacy-default-surveys-title = Enquêtes de satisfaction
privacy-default-surveys-text = Me demander par e-mail, au plus une fois par trimestre, si je suis satisfait du service. Je peux retirer ce consentement à tout moment.

# Résultats des actions de confidentialité, affichés dans la vue et la
# ligne d’état.
privacy-consent-given = Consentement donné ; le changement figure dans l’historique.
privacy-consent-withdrawn = Consentement retiré ; le changement figure dans l’historique.
privacy-export-ready = Votre export ({ $documents ->
        [one] { $documents } document
       *[other] { $documents } documents
    }, { $bytes ->
        [one] { $bytes } octet
       *[other] { $bytes } octets
    }) est prêt : { $command }
privacy-erasure-filed = Demande d’effacement { $number } déposée ; un opérateur s’en charge.
privacy-key-scroll = faire défiler ce que Portico conserve sur vous
privacy-held-more = { $title } (Pg suiv pour la suite)
