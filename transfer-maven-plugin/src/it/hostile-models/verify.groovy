def log = new File(basedir, 'build.log').text
assert !new File(basedir, 'marker.txt').exists() : 'code from a model archive ran in the build'
def refusal = 'names blockFactory=evil.MarkerFactory in its serving.properties: a class the plugin would have to' +
        ' load from the model. The plugin builds networks only with its own classes and never runs code from a model'
assert log.contains('<baseModel>: The base model (path ' + new File(basedir, 'named-factory-model.zip')) : 'train names the base'
assert log.contains('The model ' + new File(basedir, 'named-factory-model.zip') + ' ' + refusal) : 'predict says why'
def refused = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal') && it.contains(refusal) }
assert refused.size() == 3 : 'train, evaluate and predict each refuse'
['train', 'evaluate', 'predict'].eachWithIndex { goal, i -> assert refused[i].contains(':' + goal + ' (') : refused[i] }
assert !new File(basedir, 'target/transfer/predictions.csv').exists() : 'predict wrote nothing'
assert log.contains('BUILD SUCCESS') : 'a base that only carries a jar trains'
assert new File(basedir, 'target/hostile-models-1.0-model.zip').isFile()
true
