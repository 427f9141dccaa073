import java.security.MessageDigest

def log = new File(basedir, 'build.log').text
def zip = new File(basedir, 'zeros-model.zip')
def refusal = 'its entries declare 4096 MB uncompressed, more than the cap of 2048 MB; the largest is' +
        " 'model-0000.params' (4096 MB). Nothing was extracted. If you trust this model, raise the cap to at least" +
        ' 4096 MB: <maxModelMb>4096</maxModelMb> in the plugin\'s configuration, or -Dtransfer.maxModelMb=4096.'
def failures = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal') }
assert failures.size() == 3 : failures
['train', 'evaluate', 'predict'].eachWithIndex { goal, i ->
    assert failures[i].contains(':' + goal + ' (') : failures[i]
    assert failures[i].contains('Refusing to extract ') && failures[i].contains(refusal) : failures[i]
}
assert failures[0].contains('Refusing to extract the base model (path ' + zip.path + ')') : 'names the user\'s file'

// Nothing of it was extracted into DJL's cache, where the plugin extracts archives by SHA-256.
def sha = MessageDigest.getInstance('SHA-256').digest(zip.bytes).encodeHex().toString()
def home = System.getenv('DJL_CACHE_DIR') ?: System.getProperty('DJL_CACHE_DIR') ?:
        System.getProperty('user.home') + '/.djl.ai'
assert !new File(home, 'cache/transfer/' + sha).exists() : 'nothing extracted'
def times = (log =~ /Total time:\s+([\d.]+) s/).collect { it[1] as double }
println "zip-bomb: builds took ${times} s"
assert !log.contains('OutOfMemoryError')
true
