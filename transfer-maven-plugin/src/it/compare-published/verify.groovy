def log = new File(basedir, 'build.log').text
def archive = new File(basedir, 'target/compare-published-1.0-model.zip')

// 2: unchanged, up to date, and byte-identical to what build 1 installed.
assert log =~ /\[INFO\] Model is up to date \(fingerprint [0-9a-f]{8}…\)/
assert log =~ /\[INFO\] Compared with it\.transfer:compare-published:1\.0: identical bytes \(SHA-256 [0-9a-f]{64}\)/

// 3: another seed: what differs, by how much, and how both do on this build's validation images.
assert log.contains('[INFO] Retraining: configuration changed (seed 7 -> 8)')
assert log =~ /\[WARNING\] Compared with it\.transfer:compare-published:1\.0: it differs \(SHA-256 [0-9a-f]{8}… here, [0-9a-f]{8}… there\) in 2 entries \[model-0000\.params, transfer\.json\]; largest parameter difference [0-9.e-]+; validation accuracy 0\.\d{4} here, 0\.\d{4} there/
def compare = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/transfer/compare.json'))
assert compare.identical == false
assert compare.differingEntries == ['model-0000.params', 'transfer.json']
assert compare.largestParameterDifference > 0
assert compare.referenceValidationAccuracy >= 0 && compare.builtValidationAccuracy >= 0
assert log.count('BUILD SUCCESS') == 3 : 'a difference is reported, not a failure'
true
