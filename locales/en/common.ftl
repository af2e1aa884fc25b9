# Words shared by many screens. Each part of the product keeps its own
# messages in its own file; only words used in several places live here.

common-move = move
common-move-page = move by a page
common-cancel = cancel
common-close = close
common-back = back
common-back-to-list = back to the list
common-confirm = confirm
common-save = save
common-send = send
common-quit = quit
common-choose = choose
common-next-field = next field
common-next-previous-field = next, previous field
common-new-line = new line
common-saving = Saving…
common-loading = Loading…
common-sending = Sending…
common-chosen = chosen
common-yes = yes
common-no = no
common-on = on
common-off = off
common-none = none
common-unknown-time = unknown time
common-unknown-date = unknown date
common-size-bytes = { $count ->
    [one] 1 byte
   *[other] { $count } bytes
}

# Key names as printed on the keyboard, in key lists, hints and the
# palette. Ctrl, Alt and letters are not translated.
key-enter = Enter
key-esc = Esc
key-tab = Tab
key-space = Space
key-backspace = Backspace
key-delete = Delete
key-page-up = PgUp
key-page-down = PgDn
key-home = Home
key-end = End
key-shift = Shift
