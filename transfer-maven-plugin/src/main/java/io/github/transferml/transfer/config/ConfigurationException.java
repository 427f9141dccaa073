package io.github.transferml.transfer.config;

/** A configuration value is missing or invalid; the message names the POM element to fix. */
public class ConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String parameter;

    /**
     * Creates the exception.
     *
     * @param parameter the parameter path as written in the POM, e.g. {@code dataset.trainDirectory}
     * @param problem what is wrong and how to fix it
     */
    public ConfigurationException(String parameter, String problem) {
        super("<" + parameter + "> " + problem);
        this.parameter = parameter;
    }

    /**
     * Returns the parameter path.
     *
     * @return the parameter, as written in the POM
     */
    public String getParameter() {
        return parameter;
    }
}
