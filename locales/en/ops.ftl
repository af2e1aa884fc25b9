# Operations: the daily digest hour and fresh second factors for exports
# over exec and SFTP.

ops-digest-hour = Digest at
ops-digest-hour-value = { $time }, in your time zone
ops-key-digest-hour = daily digest one hour later or earlier
ops-digest-hour-invalid = invalid digest hour { $hour }: give an hour from 0 to 23

ops-export-automation-key = automation keys cannot export personal data: log in with ssh and your second factor, then run the export
ops-export-no-code = this login used no authenticator code or recovery code: reconnect, type a code when asked, then run the export again
ops-export-stale-minutes = an export needs a second factor from the last { $minutes ->
        [one] minute
       *[other] { $minutes } minutes
    }, and this connection's is older: reconnect with a new authenticator code or an unused recovery code, then run the export again
ops-export-stale-seconds = an export needs a second factor from the last { $seconds ->
        [one] second
       *[other] { $seconds } seconds
    }, and this connection's is older: reconnect with a new authenticator code or an unused recovery code, then run the export again
