# Mots communs à plusieurs écrans. Chaque partie du produit garde ses
# messages dans son propre fichier ; seuls les mots partagés sont ici.

common-move = se déplacer
common-move-page = se déplacer d’une page
common-cancel = annuler
common-close = fermer
common-back = retour
common-back-to-list = retour à la liste
common-confirm = confirmer
common-save = enregistrer
common-send = envoyer
common-quit = quitter
common-choose = choisir
common-next-field = passer au champ suivant
common-next-previous-field = passer au champ suivant, précédent
common-new-line = aller à la ligne
common-saving = Enregistrement…
common-loading = Chargement…
common-sending = Envoi…
common-chosen = choix actuel
common-yes = oui
common-no = non
common-on = activé
common-off = désactivé
common-none = aucun
common-unknown-time = heure inconnue
common-unknown-date = date inconnue
common-size-bytes = { $count ->
    [one] { $count } octet
   *[other] { $count } octets
}

# Noms des touches tels qu’imprimés sur le clavier, dans les listes de
# touches, les indications et la palette. Ctrl, Alt et les lettres ne
# sont pas traduits. Une espace insécable lie les mots d’un même nom.
key-enter = Entrée
key-esc = Échap
key-tab = Tab
key-space = Espace
key-backspace = Retour arrière
key-delete = Suppr
key-page-up = Pg préc
key-page-down = Pg suiv
key-home = Début
key-end = Fin
key-shift = Maj
