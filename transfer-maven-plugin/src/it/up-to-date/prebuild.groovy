// 20 digits in data/, and the same 20 plus one more in data-plus/ (where the data lives is not part of
// the fingerprint: only the files' names below the folder and their bytes).
def source = new File(basedir.parentFile.parentFile.parentFile, 'src/test/data/corrupt/validation')
['data', 'data-plus'].each { name ->
    source.eachFileRecurse(groovy.io.FileType.FILES) { file ->
        def target = new File(new File(basedir, name), source.toPath().relativize(file.toPath()).toString())
        target.parentFile.mkdirs()
        target.bytes = file.bytes
    }
}
new File(basedir, 'data-plus/0/added.png').bytes = new File(source, '1/1_0005.png').bytes
true
