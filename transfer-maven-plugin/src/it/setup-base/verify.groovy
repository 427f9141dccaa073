def log = new File(basedir, 'build.log').text
def archive = new File(basedir, 'target/tiny-base-1.0-model.zip')
assert archive.isFile() : 'the model archive was not written'
assert log.contains('The base is an untrained architecture: the whole network trains end to end.') : 'failed: log.contains(\'The base is an untrained architecture: the whole network trains end to end.\')'
assert log.contains('Epoch 3/3: train loss') : 'failed: log.contains(\'Epoch 3/3: train loss\')'
def metrics = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/transfer/metrics.json'))
assert metrics.validationAccuracy > 0.6 : "a resnet20 trained for 3 epochs should beat 0.6, got ${metrics.validationAccuracy}"
assert new File(localRepositoryPath, 'it/transfer/tiny-base/1.0/tiny-base-1.0-model.zip').isFile() : 'not installed'
true
