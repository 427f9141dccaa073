def log = new File(basedir, 'build.log').text
assert log =~ /\[WARNING\] Quality rules missed:/ : 'a warning, not an error'
assert log.contains('transfer.haltOnFailure is false: the build goes on.') : 'says why it goes on'
assert log.contains('BUILD SUCCESS') : 'the build goes on'
assert new File(basedir, 'target/gate-warns-1.0-model.zip').isFile() : 'the archive is kept'
assert !new File(basedir, "target/transfer/rejected-model.zip").exists() : "nothing is rejected when the gate only warns"
true
