import java.util.zip.ZipFile

def log = new File(basedir, 'build.log').text
def served = new Properties()
new File(basedir, 'served.properties').withReader { served.load(it) }
def shown = "http://127.0.0.1:${served.port}/…/base-model.zip"

// 1: the wrong pin, checked on the downloaded file; nothing was extracted or loaded.
assert log.contains('<baseModel>: The model downloaded from ' + shown + ' has SHA-256 ' + served.sha256 +
        ', but its <sha256> pin is ' + '0' * 64 + '. The download was deleted; nothing was extracted or loaded.')

// 2: the right pin trains, and the log names the base without its secrets.
assert log.contains('Base model: url ' + shown) : 'the base, redacted'
assert log.contains('BUILD SUCCESS')
def archive = new File(basedir, 'target/url-pin-1.0-model.zip')
assert archive.isFile()
def zip = new ZipFile(archive)
def manifest = new groovy.json.JsonSlurper().parse(zip.getInputStream(zip.getEntry('transfer.json')))
zip.close()
assert manifest.baseModel.location == shown : manifest.baseModel
assert manifest.baseModel.sha256 == served.sha256

// No secret of the URL anywhere: not in the log, not in any entry of the archive.
def secrets = ['s3cr3t-token', 'ci-user', 'X-Signature', 'abc123', 'private-bucket', 'team-a']
secrets.each { assert !log.contains(it) : it + ' is in the log' }
def zipped = new ZipFile(archive)
zipped.entries().each { entry ->
    def text = new String(zipped.getInputStream(entry).bytes, 'UTF-8')
    secrets.each { assert !text.contains(it) : it + ' is published in ' + entry.name }
}
zipped.close()
true
