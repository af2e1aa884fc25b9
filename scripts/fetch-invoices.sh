#!/bin/sh
# Downloads every invoice issued since the first day of last month that the
# folder does not hold yet, and saves the open requests as JSON. Written for
# cron with a Portico automation key; a read-only key is enough.
#
# Usage: scripts/fetch-invoices.sh HANDLE@HOST [FOLDER]
# Environment:
#   PORTICO_PORT         SSH port of the portal (default 2222)
#   PORTICO_KEY          private key file of the automation key
#                        (default ~/.ssh/portico_automation)
#   PORTICO_SSH_OPTIONS  more ssh options, such as "-o UserKnownHostsFile=FILE"
# Needs: OpenSSH's ssh, jq, GNU date. Exits 1 when a command fails, with the
# portal's one-line error on stderr.
set -eu

if [ $# -lt 1 ]; then
    echo "usage: $0 HANDLE@HOST [FOLDER]" >&2
    exit 2
fi
target=$1
folder=${2:-.}
port=${PORTICO_PORT:-2222}
key=${PORTICO_KEY:-$HOME/.ssh/portico_automation}
mkdir -p "$folder"

# -n: no standard input, so ssh never waits on cron's.
# BatchMode: fail instead of asking for a password or code.
# IdentitiesOnly: offer only the automation key, not the agent's keys.
portal() {
    # shellcheck disable=SC2086 # PORTICO_SSH_OPTIONS holds several words.
    ssh -n -p "$port" -i "$key" -o BatchMode=yes -o IdentitiesOnly=yes \
        ${PORTICO_SSH_OPTIONS:-} "$target" "$@"
}

since=$(date -u -d "$(date -u +%Y-%m-01) -1 month" +%Y-%m-%d)
listing=$(portal documents ls --kind invoice --since "$since" --json)

fetched=0
kept=0
invoices=$(printf '%s\n' "$listing" | jq -r '.documents[] | "\(.id)=\(.file_name)"')
# One "ID=NAME" line per invoice; names become plain file names.
while IFS= read -r line; do
    [ -n "$line" ] || continue
    id=${line%%=*}
    name=$(printf '%s' "${line#*=}" | tr -c 'A-Za-z0-9._-' '_')
    case $name in
        '' | .*) name="invoice-$id.pdf" ;;
    esac
    if [ -e "$folder/$name" ]; then
        kept=$((kept + 1))
        continue
    fi
    # Download to a temporary name first, so an interrupted run leaves no
    # partial file that the next run would skip.
    portal documents get "$id" > "$folder/.$name.part"
    mv "$folder/.$name.part" "$folder/$name"
    echo "fetched $name"
    fetched=$((fetched + 1))
done <<LIST
$invoices
LIST

portal requests ls --open --json > "$folder/open-requests.json"
open=$(jq '.requests | length' "$folder/open-requests.json")
echo "invoices since $since: $fetched fetched, $kept already here; $open open requests in $folder/open-requests.json"
