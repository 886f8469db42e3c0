import { subgraphCodegen } from '../../codegen.preset';

export default subgraphCodegen({
  Order: '../orders#OrderWithLines',
  OrderProduct: '@commerce/db/orders#OrderLine',
});
