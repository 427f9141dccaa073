def first = new File(basedir, 'target/twice-1.0-model.zip')
def second = new File(basedir, 'target/twice-1.0-again.zip')
assert first.isFile() && second.isFile() : 'both executions should write an archive'
assert first.bytes == second.bytes : 'the same POM and data must give a byte-identical archive'
// The validation split is seeded and stratified: 25 % of 30 images per class, rounded, is 8.
def log = new File(basedir, 'build.log').text
assert log.contains('Dataset: 220 training and 80 validation images in 10 classes') : 'split 0.25 of 300 images'
true
