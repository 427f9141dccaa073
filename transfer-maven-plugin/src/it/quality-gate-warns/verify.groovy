def log = new File(basedir, 'build.log').text
assert log =~ /\[WARNING\] Quality rules missed:/ : 'a warning, not an error'
assert log.contains('transfer.haltOnFailure is false: the build goes on.') : 'says why it goes on'
assert log.contains('BUILD SUCCESS') : 'the build goes on'
assert new File(basedir, 'target/gate-warns-1.0-model.zip').isFile() : 'the archive is kept'
assert !new File(basedir, "target/transfer/rejected-model.zip").exists() : "nothing is rejected when the gate only warns"
assert log.contains('Dataset: 240 training and 100 validation images (and 60 test images) in 10 classes') : 'the test split'
assert log =~ /Test set: accuracy 0\.\d{4}, loss \d+\.\d{4}, macro F1 0\.\d{4} on 60 images, scored once, on the final model/
assert log =~ /testAccuracy is 0\.\d{4}, but expected minimum is 0\.999 \(short by 0\.\d{4}\)/ : 'the test rule is checked'
assert log =~ /Trained gate-warns-1\.0-model\.zip: validation accuracy [^;]+; test accuracy 0\.\d{4}, loss / : 'the summary'
def metrics = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/transfer/metrics.json'))
assert metrics.testAccuracy instanceof Number && metrics.testImages == 60 : 'metrics.json has the test figures'
assert new File(basedir, 'target/transfer/test-predictions.csv').readLines().size() == 61 : 'one line per test image'
true
