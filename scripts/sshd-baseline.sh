#!/bin/sh
# Starts Debian's OpenSSH sshd on a loopback port with its own host key and
# configuration in a temporary folder, for the side-by-side login benchmark
# in BENCHMARKS.md. It runs in the foreground until interrupted.
#
# Usage: sudo scripts/sshd-baseline.sh PUBLIC_KEY_FILE [PORT]
# Needs: root (sshd switches to the logged-in user), openssh-server.
set -eu

if [ $# -lt 1 ]; then
    echo "usage: $0 PUBLIC_KEY_FILE [PORT]" >&2
    exit 2
fi
public_key=$1
port=${2:-2298}
sshd=/usr/sbin/sshd
if [ ! -x "$sshd" ]; then
    echo "$sshd is missing: install it with apt-get install openssh-server" >&2
    exit 1
fi

folder=$(mktemp -d)
trap 'rm -rf "$folder"' EXIT INT TERM
ssh-keygen -q -t ed25519 -N '' -f "$folder/host_key"
cp "$public_key" "$folder/authorized_keys"
chmod 600 "$folder/authorized_keys"
mkdir -p /run/sshd

cat > "$folder/sshd_config" <<CONFIG
ListenAddress 127.0.0.1
Port $port
HostKey $folder/host_key
AuthorizedKeysFile $folder/authorized_keys
PidFile $folder/sshd.pid
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
MaxStartups 1000
MaxSessions 10
PrintMotd no
PrintLastLog no
CONFIG

echo "sshd listening on 127.0.0.1:$port; log in as $(id -un) with the key of $public_key"
"$sshd" -D -e -f "$folder/sshd_config"
