# Operations: the daily digest hour and fresh second factors for exports
# over exec and SFTP.

ops-digest-hour-line = Digest at: { $time }, in your time zone
ops-digest-hour-row = Digest at:    { $time } (your time zone)
ops-key-digest-hour = daily digest one hour later or earlier
ops-digest-hour-invalid = invalid digest hour { $hour }: give an hour from 0 to 23
