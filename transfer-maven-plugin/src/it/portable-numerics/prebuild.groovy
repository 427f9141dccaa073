// Wrappers for <jvm>: the worker JVM on one core, and on two (taskset pins the process to CPUs).
def java = new File(System.getProperty('java.home'), 'bin/java').absolutePath
['java-1core': '0', 'java-2cores': '0,1'].each { name, cpus ->
    def script = new File(basedir, name)
    script.text = "#!/bin/sh\nexec taskset -c ${cpus} '${java}' \"\$@\"\n"
    script.setExecutable(true)
}
true
