def log = new File(basedir, 'build.log').text
def trained = log.readLines().findAll { it.contains('Wrote model archive') }
assert trained.size() == 3 : 'builds 1, 3 and 4 train; build 2 does not: ' + trained
assert log =~ /\[INFO\] Model is up to date \(fingerprint [0-9a-f]{8}…\); -Dtransfer.force=true retrains/
assert log.contains('[INFO] Retraining: configuration changed (epochs 1 -> 2)')
assert log.contains('[INFO] Retraining: dataset changed (1 file added)')
assert log.count('BUILD SUCCESS') == 4
// Every build, the skipped one too, attaches the archive: install copies it each time.
assert log.count('up-to-date-1.0-model.zip to ') == 4 : 'installed by every build'
assert new File(basedir, 'target/transfer/report.html').isFile() : 'the reports stay in place'
true
