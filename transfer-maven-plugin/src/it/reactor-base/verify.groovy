import java.security.MessageDigest

def log = new File(basedir, 'build.log').text
def baseZip = new File(basedir, 'base/target/base-1.0-model.zip')
def sha = MessageDigest.getInstance('SHA-256').digest(baseZip.bytes).encodeHex().toString()
assert log.contains("Base model: artifact it.transfer.reactor:base:1.0 (SHA-256 ${sha})") : 'the head used the base built in this reactor'
assert new File(basedir, 'head/target/head-1.0-model.zip').isFile() : 'head archive written'
assert !new File(localRepositoryPath, 'it/transfer/reactor/base').exists() : 'nothing was installed: the reactor provided it'
true
