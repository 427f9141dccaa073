def log = new File(basedir, 'build.log').text
assert log.contains("<cutPoint>: Invalid cut point 'nope'. Valid cut points (name or index; output shape):") : 'failed: log.contains("<cutPoint>: Invalid cut point \'nope\'. Valid cut points (name or index; output shape):")'
assert log =~ /01Conv2d\s+1\s+\(1, 16, 28, 28\)/ : 'failed: log =~ /01Conv2d\\s+1\\s+\\(1, 16, 28, 28\\)/'
assert log =~ /12LambdaBlock\s+12\s+\(1, 64\)\s+<- features/ : 'failed: log =~ /12LambdaBlock\\s+12\\s+\\(1, 64\\)\\s+<- features/'
assert log.contains("Also: 'features' (everything before the classifier) or -n to drop the last n blocks.") : 'failed: log.contains("Also: \'features\' (everything before the classifier) or -n to drop the last n blocks.")'
// Nothing half-made is left behind.
assert !new File(basedir, 'target/bad-cut-1.0-model.zip').exists() : 'failed: !new File(basedir, \'target/bad-cut-1.0-model.zip\').exists()'
assert new File(basedir, 'target').listFiles().findAll { it.name.endsWith('.zip') || it.name.endsWith('.tmp') }.isEmpty() : 'failed: new File(basedir, \'target\').listFiles().findAll { it.name.endsWith(\'.zip\') || it.name.endsWith(\'.tmp\') }.isEmpty()'
true
