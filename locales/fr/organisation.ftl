# La vue des organisations: les organisations dont la personne est membre
# et, pour les propriétaires, les membres, les invitations, les
# changements de rôle et les retraits d’accès.

# Rôles dans une organisation, tels que listes et phrases les nomment.
organisation-role-owner = propriétaire
organisation-role-member = membre
organisation-role-billing = facturation
organisation-role-viewer = lecteur
# Rôles avec ce que chacun peut faire.
organisation-role-owner-label = Propriétaire
organisation-role-member-label = Membre
organisation-role-billing-label = Facturation (factures et paiements seulement)
organisation-role-viewer-label = Lecteur (lecture seule)
# Types de compte.
organisation-account-customer = client
organisation-account-agent = agent
organisation-account-operator = opérateur

organisation-yours = Vos organisations
organisation-yours-focused = › Vos organisations
organisation-current = (actuelle)
organisation-column-organisation = ORGANISATION
organisation-column-role = RÔLE
organisation-column-handle = IDENTIFIANT
organisation-column-name = NOM
organisation-column-last-login = DERNIÈRE CONNEXION
organisation-members-of = Membres de { $organisation }
organisation-members-of-focused = › Membres de { $organisation }
# Utilisé dans les phrases quand l’organisation actuelle n’a pas de nom.
organisation-unnamed = l’organisation
organisation-never = jamais
organisation-role-disabled = { $role } (désactivé)
organisation-already-in = Vous travaillez déjà dans { $organisation }.
organisation-switching = Changement d’organisation…
organisation-cancelled = Annulé.

# États d’une organisation et d’un membre en mode simple.
organisation-plain-role = rôle { $role }
organisation-plain-role-current = rôle { $role }, actuelle
organisation-plain-member = rôle { $role }, dernière connexion { $last_login }
organisation-plain-member-disabled = rôle { $role }, désactivé, dernière connexion { $last_login }

organisation-invite-title = Inviter un collègue
organisation-field-handle = Identifiant
organisation-field-name = Nom
organisation-field-email = E-mail
organisation-field-role = Rôle
organisation-change-hint = ← → changer
organisation-invite-hint = Tab champ suivant · Entrée vérifier, envoyer · Échap annuler
organisation-invite-confirm = Inviter { $handle } avec le rôle { $role } ? Le code d’accueil part à { $email }. o/n
organisation-invitation-cancelled = Invitation annulée.
organisation-invitation-sending = Envoi de l’invitation…
organisation-name-missing = Le nom manque : saisissez le nom complet du collègue.

# Actions confirmées par un code récent; l’invite ajoute un point
# d’interrogation.
organisation-revoke-action = Retirer l’accès de { $handle } à { $organisation }
organisation-change-role-action = Donner à { $handle } le rôle { $role } dans { $organisation }
organisation-new-role-title = Nouveau rôle de { $handle }
organisation-pick-role-hint = ← → choisir · Entrée confirmer · Échap annuler

organisation-key-change-role = changer le rôle
organisation-key-check-send = vérifier, puis o pour envoyer
organisation-key-choose-role = choisir le rôle
organisation-key-confirm-code = confirmer avec un code récent
organisation-key-work-in = travailler dans l’organisation choisie
organisation-key-pane = organisations ou membres
organisation-key-invite = inviter un collègue
organisation-key-role = changer le rôle du membre choisi
organisation-key-revoke = retirer l’accès du membre choisi

# Erreurs des cas d’usage des organisations.
organisation-not-found = organisation { $id }
organisation-member-not-found = membre { $handle }
organisation-handle-taken = l’identifiant { $handle } est déjà pris : choisissez-en un autre
organisation-only-owners-invite = seuls les propriétaires de l’organisation invitent des collègues
organisation-only-owners-manage = seuls les propriétaires de l’organisation gèrent ses membres
organisation-last-owner = l’organisation doit garder au moins un propriétaire : nommez d’abord un autre membre propriétaire

# Résultats des actions du propriétaire, affichés dans la ligne d’état.
organisation-invitation-sent = Invitation envoyée à { $email } pour { $handle }.
organisation-role-changed = { $handle } a maintenant le rôle { $role } ; ses sessions ont été terminées.
organisation-access-revoked = { $handle } n’a plus accès ; ses sessions ont été terminées.
