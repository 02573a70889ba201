/**
 * The gateway's BYOK provider config for one provider key, as a Pulumi dynamic resource over
 * Cloudflare's REST endpoints (cloudflare-byok-api.ts). Create, read and delete; any change
 * replaces it (delete first: a gateway holds one config per provider and alias).
 * The token comes from CLOUDFLARE_API_TOKEN at deploy time and never enters state.
 */
import * as pulumi from "@pulumi/pulumi";
import { cloudflareApiFromEnv, createProviderConfig, deleteProviderConfig, findProviderConfig } from "./cloudflare-byok-api";

export interface ByokProviderConfigInputs {
  accountId: string;
  gatewayId: string;
  /** The provider key's label in the stack file; clients pick it with `cf-aig-byok-alias`. */
  alias: string;
  /** The AI Gateway provider slug (openai, anthropic, google-ai-studio, ...). */
  providerSlug: string;
  /** The Cloudflare Secrets Store secret holding the credential. */
  secretId: string;
  /** Whether requests without an alias use this key for its provider. */
  defaultConfig: boolean;
}

export interface ByokProviderConfigOutputs extends ByokProviderConfigInputs {
  configId: string;
  modifiedAt?: string;
}

const FIELDS: ReadonlyArray<keyof ByokProviderConfigInputs> = ["accountId", "gatewayId", "alias", "providerSlug", "secretId", "defaultConfig"];

export const byokProviderConfigProvider: pulumi.dynamic.ResourceProvider<ByokProviderConfigInputs, ByokProviderConfigOutputs> = {
  async create(inputs) {
    const created = await createProviderConfig(cloudflareApiFromEnv(), inputs.accountId, inputs.gatewayId, {
      alias: inputs.alias,
      provider_slug: inputs.providerSlug,
      secret_id: inputs.secretId,
      default_config: inputs.defaultConfig,
    });
    return { id: created.id, outs: { ...inputs, configId: created.id, ...(created.modified_at ? { modifiedAt: created.modified_at } : {}) } };
  },

  async read(id, props) {
    if (!props) return {};
    const found = await findProviderConfig(cloudflareApiFromEnv(), props.accountId, props.gatewayId, id);
    if (!found) return {};
    return {
      id,
      props: {
        ...props,
        alias: found.alias,
        providerSlug: found.provider_slug,
        secretId: found.secret_id,
        defaultConfig: found.default_config,
        configId: found.id,
        ...(found.modified_at ? { modifiedAt: found.modified_at } : {}),
      },
    };
  },

  async diff(_id, olds, news) {
    const replaces = FIELDS.filter((f) => olds[f] !== news[f]);
    return { changes: replaces.length > 0, replaces: [...replaces], deleteBeforeReplace: true };
  },

  async delete(id, props) {
    await deleteProviderConfig(cloudflareApiFromEnv(), props.accountId, props.gatewayId, id);
  },
};

type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

export class ByokProviderConfig extends pulumi.dynamic.Resource {
  declare readonly configId: pulumi.Output<string>;
  declare readonly alias: pulumi.Output<string>;

  constructor(name: string, args: Inputs<ByokProviderConfigInputs>, opts?: pulumi.CustomResourceOptions) {
    super(byokProviderConfigProvider, name, { ...args, configId: undefined, modifiedAt: undefined }, { deleteBeforeReplace: true, ...opts }, "switchyard", "ByokProviderConfig");
  }
}
