/**
 * The gateway's BYOK provider config for one provider, as a Pulumi dynamic resource over
 * Cloudflare's REST endpoints (cloudflare-byok-api.ts).
 *
 * The config owns its key: it is created with the key itself (`secret`), so Cloudflare stores it in
 * the gateway's Secrets Store and deletes that secret with the config. No Pulumi-managed Secrets
 * Store secret is ever referenced by a config, so no replacement or delete of a config can remove
 * a secret Pulumi still holds. Rotating the key is `PUT …/provider_configs/{id}` (only the key can
 * change); any other change replaces the config, deleting the old one first (Cloudflare keeps one
 * config per provider and alias). The token comes from CLOUDFLARE_API_TOKEN at deploy time and
 * never enters state; the key enters state only as a Pulumi secret.
 */
import * as pulumi from "@pulumi/pulumi";
import { BYOK_PROVIDER_CONFIG, BYOK_REPLACING_INPUTS, type ByokProviderConfigInputs } from "./contract";
import { cloudflareApiFromEnv, createProviderConfig, deleteProviderConfig, getProviderConfig, updateProviderConfigSecret, type ProviderConfig } from "./cloudflare-byok-api";

export interface ByokProviderConfigOutputs extends ByokProviderConfigInputs {
  configId: string;
  /** The Secrets Store secret Cloudflare created for the key (owned by the config). */
  secretId: string;
  modifiedAt?: string;
}

/** What Cloudflare reports, on top of what we sent (which it never echoes for the key). */
function observed(config: ProviderConfig): Omit<ByokProviderConfigOutputs, "accountId" | "gatewayId" | "secret"> {
  return {
    alias: config.alias,
    providerSlug: config.provider_slug,
    defaultConfig: config.default_config,
    configId: config.id,
    secretId: config.secret_id,
    ...(config.modified_at ? { modifiedAt: config.modified_at } : {}),
  };
}

export const byokProviderConfigProvider: pulumi.dynamic.ResourceProvider<ByokProviderConfigInputs, ByokProviderConfigOutputs> = {
  async create(inputs) {
    const created = await createProviderConfig(cloudflareApiFromEnv(), inputs.accountId, inputs.gatewayId, {
      alias: inputs.alias,
      provider_slug: inputs.providerSlug,
      default_config: inputs.defaultConfig,
      secret: inputs.secret,
    });
    return { id: created.id, outs: { ...inputs, ...observed(created) } };
  },

  async read(id, props) {
    if (!props) return {};
    const found = await getProviderConfig(cloudflareApiFromEnv(), props.accountId, props.gatewayId, id);
    return found ? { id, props: { ...props, ...observed(found) } } : {};
  },

  async diff(_id, olds, news) {
    const replaces = BYOK_REPLACING_INPUTS.filter((f) => olds[f] !== news[f]);
    return { changes: replaces.length > 0 || olds.secret !== news.secret, replaces: [...replaces], deleteBeforeReplace: true };
  },

  async update(id, olds, news) {
    const updated = await updateProviderConfigSecret(cloudflareApiFromEnv(), olds.accountId, olds.gatewayId, id, { secret: news.secret });
    return { outs: { ...news, ...observed(updated) } };
  },

  async delete(id, props) {
    await deleteProviderConfig(cloudflareApiFromEnv(), props.accountId, props.gatewayId, id);
  },
};

type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

export class ByokProviderConfig extends pulumi.dynamic.Resource {
  declare readonly configId: pulumi.Output<string>;
  declare readonly secretId: pulumi.Output<string>;
  declare readonly alias: pulumi.Output<string>;

  constructor(name: string, args: Inputs<ByokProviderConfigInputs>, opts?: pulumi.CustomResourceOptions) {
    super(
      byokProviderConfigProvider,
      name,
      { ...args, secret: pulumi.secret(args.secret), configId: undefined, secretId: undefined, modifiedAt: undefined },
      { deleteBeforeReplace: true, additionalSecretOutputs: ["secret"], ...opts },
      BYOK_PROVIDER_CONFIG.module,
      BYOK_PROVIDER_CONFIG.type,
    );
  }
}
