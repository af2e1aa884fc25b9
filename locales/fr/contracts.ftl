# Contrats : l’onglet des contrats de l’écran Documents, le résumé en clair
# de leur durée, les demandes qu’un client ouvre à leur sujet et la
# commande `contracts ls`.

# Résumés en clair de la durée d’un contrat. Les dates suivent le format
# de date de l’utilisateur là où l’écran le connaît.
contracts-summary-ended-on = terminé le { $end }
contracts-summary-ended = terminé
contracts-summary-open-ended = { $days ->
    [one] durée indéterminée ; préavis de { $days } jour pour le résilier
   *[other] durée indéterminée ; préavis de { $days } jours pour le résilier
}
contracts-summary-ends-on = se termine le { $end }
contracts-summary-renews = se renouvelle le { $end } ; préavis à donner au plus tard le { $notice }
contracts-summary-ends = se termine le { $end } ; renouvellement à demander au plus tard le { $notice }

# L’état d’un contrat, en un mot.
contracts-status-active = actif
contracts-status-ended = terminé

# L’onglet des contrats.
contracts-title = Contrats · t, r ou x ouvre une demande sur ce contrat
contracts-empty = Aucun contrat.
contracts-role-cannot-read = Votre rôle dans cette organisation ne donne pas accès aux contrats.
contracts-column-number = Numéro
contracts-column-offer = Offre
contracts-column-term = Durée
contracts-column-options = Options et prochaine échéance
# Libellés des lignes du contrat choisi, sous le tableau.
contracts-chosen-term = Durée
contracts-chosen-options = Options
# La colonne de l’offre : produit et date de début.
contracts-offer-since = { $product } (depuis le { $start })
# Un contrat en mode simplifié.
contracts-plain-item = Contrat { $number }, { $product } depuis le { $start }, { $details }
contracts-no-options = aucune option
contracts-no-deadline = aucune
# La prochaine échéance : son libellé, tel que le nomment les données du
# contrat, et sa date.
contracts-deadline-by = { $label }, au plus tard le { $date }
contracts-details = { $options } ; prochaine échéance : { $deadline }

# Les demandes qu’un client ouvre sur un contrat : le nom de l’action,
# l’objet de la nouvelle demande et son texte quand le client n’en a pas
# écrit.
contracts-action-terminate = Demander la résiliation
contracts-action-renew = Demander le renouvellement
contracts-action-change = Signaler un changement de situation
contracts-subject-terminate = Résiliation du contrat { $number }
contracts-subject-renew = Renouvellement du contrat { $number }
contracts-subject-change = Changement de situation pour le contrat { $number }
contracts-default-body = { $action } ({ $product }) : { $summary }.
contracts-request-opened = Demande { $number } ouverte avec le contrat joint ; voir Demandes.

# Descriptions des touches de l’onglet des contrats.
contracts-key-first-last = premier, dernier contrat
contracts-key-terminate = demander la résiliation du contrat
contracts-key-renew = demander le renouvellement du contrat
contracts-key-change = signaler un changement de situation
contracts-key-back = retour aux documents

# Une erreur « introuvable » cite l’objet tel quel, donc sans article.
contracts-error-contract = contrat { $id }

# Le tableau de `contracts ls` ; les en-têtes restent en majuscules.
contracts-table-number = NUMÉRO
contracts-table-status = ÉTAT
contracts-table-start = DÉBUT
contracts-table-deadline = ÉCHÉANCE
contracts-table-product = PRODUIT

## Warning sent before a contract's next deadline. $days is the number of
## days until $date, an ISO date; $label names the deadline, such as
## "Last day to give notice".
contracts-deadline-label = Échéance
contracts-deadline-title = Contrat { $number } : { $label } { $days ->
        [0] aujourd’hui
        [1] demain
       *[other] dans { $days } jours
    }
contracts-deadline-body = { $label } pour { $product } ({ $number }) : le { $date }.
