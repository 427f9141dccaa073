import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('Base model: artifact it.transfer:tiny-base:1.0 (SHA-256 ') : 'the base resolved by coordinates'
assert log =~ /index\s+name\s+alias\s+type\s+output\s+parameters\s+cut point/ : 'table header'
assert log =~ /7\s+07ParallelBlock\s+stage2\s+ParallelBlock\s+\(32, 14, 14\)\s+18,688\s+yes/ : 'stage2 row'
assert log =~ /7\/1\s+01SequentialBlock\s+SequentialBlock\s+18,688\s+no \(inside a parallel block\)/ : 'branch row'
assert log.contains("Cut point 'stage2': keep 7 (after 07ParallelBlock), which outputs (32, 14, 14); the head receives 32 features") : 'cut summary'
assert log.contains('Head: globalAvgPool > flatten > dense(4) (4 classes)') : 'head'
assert log.contains('Parameters: 66,768 frozen (kept base), 132 trainable (head)') : 'parameter counts'
def json = new JsonSlurper().parse(new File(basedir, 'target/transfer/inspect.json'))
assert json.pretrained == true && json.cut.valid == true && json.cut.featureSize == 32 : 'inspect.json cut'
assert json.blocks.count { it.cutPoint } == 13 : 'the tiny base has 13 top-level blocks (12 kept + its classifier)'
assert json.parameters.frozen == 66768 && json.parameters.trainable == 132 : 'inspect.json parameters'
true
