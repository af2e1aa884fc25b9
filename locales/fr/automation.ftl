# Clés d’automatisation des Préférences : des clés qui se connectent sans
# code et ne peuvent lancer que des commandes. « read-only » et
# « read-write » sont des valeurs saisies, les mêmes dans toutes les langues.

automation-title = Préférences · Clés d’automatisation
automation-intro = Les clés d’automatisation se connectent sans code et ne peuvent lancer que des commandes, comme : ssh HOST documents ls --json
automation-empty = Aucune clé d’automatisation. Appuyez sur n pour en enregistrer une.
automation-name = Nom
automation-fingerprint = Empreinte
automation-scope = Portée
automation-last-used = Dernière utilisation
automation-expires = Expiration
automation-networks = Réseaux
automation-registered = Enregistrée
automation-any-address = toute adresse
# $date est le jour où la clé a expiré.
automation-expired = expirée le { $date }
automation-none-to-revoke = Il n’y a aucune clé à révoquer.

# Une clé en mode simplifié : son nom, puis son état.
automation-plain-key = { $name }, empreinte { $fingerprint }, enregistrée le { $registered }
# La clé sélectionnée en mode simplifié, avec ses réseaux autorisés.
automation-plain-key-networks = { $name }, empreinte { $fingerprint }, enregistrée le { $registered }, réseaux { $networks }
# $scope vaut read-only ou read-write.
automation-plain-state = { $scope }, dernière utilisation { $used }, expiration { $expires }

automation-action-register = enregistrer, après confirmation
automation-action-select = sélectionner une clé
automation-action-new = enregistrer une nouvelle clé d’automatisation
automation-action-revoke = révoquer la clé sélectionnée
automation-action-reload = recharger

automation-form-title = Enregistrer une clé d’automatisation
automation-public-key = Clé publique
automation-days = Jours avant expiration
automation-allowed-networks = Réseaux autorisés
automation-code = Code d’authentification
automation-form-help = Collez une ligne de clé publique OpenSSH. Jours : de 1 à { $max_days }. Réseaux : CIDR, séparés par des virgules, vide pour tous. Portée : { $read_only } ou { $read_write }. Code : celui de votre application d’authentification, ou un code de secours.
automation-name-missing = Le nom manque ; nommez la tâche qui utilise la clé, comme factures nocturnes.
automation-public-key-missing = La clé publique manque ; collez une ligne comme « ssh-ed25519 AAAA… commentaire ».
automation-days-invalid = Nombre de jours « { $value } » non valide : saisissez de 1 à { $max_days }.
automation-scope-invalid = Portée « { $value } » non valide : saisissez { $read_only } ou { $read_write }.

# Erreurs du service.
automation-needs-totp = configurez une application d’authentification avant d’ajouter des clés d’automatisation
automation-code-wrong = le code d’authentification est incorrect ou déjà utilisé ; saisissez-en un nouveau
automation-already-login-key = la clé { $fingerprint } est déjà une clé de connexion de ce compte ; générez une clé distincte pour l’automatisation
automation-already-registered = la clé { $fingerprint } est déjà une clé d’automatisation de ce compte
# Ce qui est introuvable : « clé d’automatisation 7 ».
automation-key-not-found = clé d’automatisation { $id }
automation-lifetime-invalid = durée de { $days } jours non valide : une clé d’automatisation vit de 1 à { $max_days } jours
# $error vient de l’analyseur de clés, en anglais.
automation-public-key-invalid = clé publique non valide : { $error } ; une ligne est attendue, comme « ssh-ed25519 AAAA... commentaire »

# Alertes de sécurité au propriétaire de la clé.
automation-alert-registered-title = Clé d’automatisation { $name } enregistrée
# $scope vaut read-only ou read-write.
automation-alert-registered-body = La clé d’automatisation { $name } ({ $fingerprint }) se connecte maintenant à votre compte sans second facteur, en { $scope }, pour { $days } jours. Si ce n’était pas vous, révoquez-la dans les Préférences et contactez votre opérateur.
automation-alert-revoked-title = Clé d’automatisation { $name } révoquée
automation-alert-revoked-body = La clé d’automatisation { $name } ({ $fingerprint }) a été révoquée et ne se connecte plus.
automation-alert-expired-title = Clé d’automatisation { $name } expirée
automation-alert-expired-body = La clé d’automatisation { $name } ({ $fingerprint }) a expiré et ne se connecte plus. Enregistrez une nouvelle clé dans les Préférences.
automation-alert-expiring-title = La clé d’automatisation { $name } expire bientôt
automation-alert-expiring-body = La clé d’automatisation { $name } ({ $fingerprint }) cessera de fonctionner le { $date }. Enregistrez une nouvelle clé dans les Préférences d’ici là.
