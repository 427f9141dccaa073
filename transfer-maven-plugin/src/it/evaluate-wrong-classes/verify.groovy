def log = new File(basedir, 'build.log').text
assert log.contains("<testSet>: The test set's classes are not the model's. Not classes of the model: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]; classes of the model missing from the test set: [ankle_boot, bag, coat, dress, pullover, sandal, shirt, sneaker, t-shirt_top, trouser].") : 'both class lists'
assert log.contains('BUILD FAILURE') : 'the build fails'
assert !new File(basedir, 'target/transfer/evaluation').exists() : 'no report of a failed evaluation'
true
