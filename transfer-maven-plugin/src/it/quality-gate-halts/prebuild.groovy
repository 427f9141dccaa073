// The last good model, from an earlier build: a failed gate must leave it exactly as it is.
def archive = new File(basedir, 'target/gate-halts-1.0-model.zip')
archive.parentFile.mkdirs()
archive.bytes = new File(localRepositoryPath, 'it/transfer/tiny-base/1.0/tiny-base-1.0-model.zip').bytes
true
