// The products tru.ID's coverage answers name (reachability and country coverage).
/** ProductID values (models/common/DataTypes.v1.yaml) with the names of the DeviceReachability example. */
export const PRODUCTS = [
  { product_id: 'pck', product_name: 'PhoneCheck' },
  { product_id: 'suk', product_name: 'SubscriberCheck' },
  { product_id: 'sck', product_name: 'SIMCheck' },
] as const;
