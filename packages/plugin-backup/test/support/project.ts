/** The tools' environment, from the test process (the plugin itself never reads process.env). */
export const toolEnv = { PATH: process.env.PATH };
